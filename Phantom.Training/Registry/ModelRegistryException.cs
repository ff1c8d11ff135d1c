namespace Phantom.Training.Registry;

/// <summary>
/// A registry operation that cannot be done: unknown name or hash, an ambiguous reference, a corrupted artifact, an
/// invalid artifact directory, nothing to roll back. The message says what and how to fix it.
/// </summary>
public sealed class ModelRegistryException : Exception
{
    public ModelRegistryException(string message)
        : base(message)
    {
    }

    public ModelRegistryException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
