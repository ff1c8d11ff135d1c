namespace Phantom.Training.Registry;

/// <summary>A parsed <c>name</c> or <c>name@hashprefix</c>.</summary>
public readonly record struct ModelReference(string Name, string? HashPrefix)
{
    /// <exception cref="ModelRegistryException">Empty name, empty prefix after '@', or a prefix that is not hex.</exception>
    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var name = (at < 0 ? text : text[..at]).Trim();
        if (name.Length == 0)
        {
            throw new ModelRegistryException($"'{text}' names no model; write NAME or NAME@HASH");
        }

        if (at < 0)
        {
            return new ModelReference(name, null);
        }

        var prefix = text[(at + 1)..].Trim().ToLowerInvariant();
        if (prefix.Length == 0 || !Streams.Models.ArtifactHash.IsHex(prefix))
        {
            throw new ModelRegistryException($"'{text}': the part after '@' must be a hex hash prefix (as `phantom models list` shows)");
        }

        return new ModelReference(name, prefix);
    }

    public override string ToString() => HashPrefix is null ? Name : $"{Name}@{HashPrefix}";
}
