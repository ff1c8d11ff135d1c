using Phantom.Streams.Models;

namespace Phantom.Training.Registry;

/// <summary>One stored artifact: its manifest, full content hash and directory inside the registry.</summary>
public sealed record RegistryEntry(ModelManifest Manifest, string Hash, string Directory)
{
    public string Name => Manifest.Name;

    public ModelKind Kind => Manifest.Kind;

    public string ShortHash => ArtifactHash.Short(Hash);

    /// <summary><c>name@shorthash</c>, how commands address it.</summary>
    public string Reference => $"{Name}@{ShortHash}";

    /// <summary>Entries are equal when they address the same stored artifact (the manifest's lists compare by reference).</summary>
    public bool Equals(RegistryEntry? other) =>
        other is not null && Hash == other.Hash && Name == other.Name && Directory == other.Directory;

    public override int GetHashCode() => HashCode.Combine(Hash, Name, Directory);
}
