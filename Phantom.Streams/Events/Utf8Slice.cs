namespace Phantom.Streams.Events;

/// <summary>
/// A span of UTF-8 bytes inside the record an event was parsed from, kept as offset and length so the event stays an
/// unmanaged struct and nothing is copied on the hot path. Only valid while that record's buffer is.
/// </summary>
public readonly record struct Utf8Slice(int Offset, int Length)
{
    public static readonly Utf8Slice Empty = new(0, 0);

    public bool IsEmpty => Length == 0;

    public ReadOnlySpan<byte> In(ReadOnlySpan<byte> record) => record.Slice(Offset, Length);
}
