namespace Phantom.Streams.Collections;

/// <summary>
/// Spreads a key over 64 bits for <see cref="StampedTable{TKey, TValue, THasher}"/>. A struct implementation is
/// specialised by the JIT, so hashing costs no call.
/// </summary>
public interface IKeyHasher<TKey>
{
    ulong Hash(TKey key);
}
