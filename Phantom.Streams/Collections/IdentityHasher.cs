namespace Phantom.Streams.Collections;

/// <summary>For keys that are already well-mixed 64-bit hashes (session keys from <see cref="Events.Utf8Hash"/>).</summary>
public readonly struct IdentityHasher : IKeyHasher<ulong>
{
    public ulong Hash(ulong key) => key;
}
