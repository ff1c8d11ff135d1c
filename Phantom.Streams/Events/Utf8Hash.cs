using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phantom.Streams.Events;

/// <summary>
/// A fast, seedless, platform-stable 64-bit hash of UTF-8 bytes (FNV-1a over 8-byte words, finished with a
/// murmur-style avalanche). Stable across processes and machines, unlike <see cref="HashCode"/>, because shard
/// routing and journal keys depend on it.
/// </summary>
public static class Utf8Hash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var hash = Offset ^ (ulong)bytes.Length;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words)
        {
            hash = (hash ^ word) * Prime;
            hash ^= hash >> 29;
        }

        for (var i = words.Length * 8; i < bytes.Length; i++)
        {
            hash = (hash ^ bytes[i]) * Prime;
        }

        return Avalanche(hash);
    }

    /// <summary>The hash of <paramref name="text"/>'s UTF-8 bytes; encodes on the stack up to 256 bytes (ids per request: no allocation).</summary>
    public static ulong Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= 85)
        {
            // 85 chars encode to at most 255 bytes in UTF-8 (3 bytes per UTF-16 unit at worst).
            Span<byte> stack = stackalloc byte[256];
            return Of(stack[..System.Text.Encoding.UTF8.GetBytes(text, stack)]);
        }

        return Of(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The shard a session key belongs to among <paramref name="partitions"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Partition(ulong key, int partitions) => (int)((key >> 1) % (ulong)partitions);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
