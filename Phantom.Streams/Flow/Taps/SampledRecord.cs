using Phantom.Streams.Events;

namespace Phantom.Streams.Flow.Taps;

/// <summary>One record the <c>sample</c> stage kept: its first bytes, its length, where it came from.</summary>
public struct SampledRecord
{
    public SampledRecordBytes Bytes;

    /// <summary>Bytes kept in <see cref="Bytes"/> (at most <see cref="SampledRecordBytes.Size"/>).</summary>
    public int Kept;

    /// <summary>The record's full length.</summary>
    public int Length;

    public long SourceOffset;

    public int Shard;

    public EventName Name;

    /// <summary>The kept bytes as text (a truncated record ends with "…").</summary>
    public readonly string Text()
    {
        ReadOnlySpan<byte> bytes = Bytes;
        var text = System.Text.Encoding.UTF8.GetString(bytes[..Kept]);
        return Kept < Length ? text + "…" : text;
    }
}
