namespace Phantom.Streams.Models;

/// <summary>
/// A model artifact or promoted pointer that cannot be served: missing or unreadable files, a content hash that no
/// longer matches, a format or schema the live path does not accept. The message names the artifact and the file.
/// </summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
