namespace Phantom.Streams.Models;

/// <summary><c>phantom.models</c>: where the model registry lives and how often a running node looks for promotions.</summary>
public sealed class ModelsOptions
{
    /// <summary>
    /// The model registry directory (artifacts and promoted pointers), normally <c>models</c> under the node's data
    /// directory; a relative path resolves against the working directory.
    /// </summary>
    public string Directory { get; set; } = "data/models";

    /// <summary>How often a running pipeline polls the promoted pointers and reloads on a change; zero turns the watch off.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(10);
}
