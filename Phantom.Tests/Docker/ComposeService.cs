namespace Phantom.Tests.Docker;

/// <summary>One service of a compose file, as far as the compose tests read it (anchors and merge keys applied).</summary>
internal sealed record ComposeService(
    string Name,
    string? Image,
    string? Hostname,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<(int Host, int Container)> Ports)
{
    /// <summary>True for a service that runs <c>phantom node</c> (the phantom image's entry point with <c>node</c> first).</summary>
    public bool IsPhantomNode => Image == "phantom:latest" && Entrypoint.Count == 0 && Command.Count > 0 && Command[0] == "node";

    /// <summary>The value after <paramref name="flag"/> in the command, or null.</summary>
    public string? Flag(string flag)
    {
        var index = Command.ToList().IndexOf(flag);
        return index >= 0 && index + 1 < Command.Count ? Command[index + 1] : null;
    }
}
