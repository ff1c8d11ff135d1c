using System.Buffers.Binary;

namespace Phantom.Tests.Flow;

/// <summary>Binary test records: session (8 bytes) then sequence within the session (8 bytes).</summary>
internal static class TestPayload
{
    public static byte[] Encode(ulong session, long sequence)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, session);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), sequence);
        return bytes;
    }

    public static (ulong Session, long Sequence) Decode(ReadOnlySpan<byte> record) =>
        (BinaryPrimitives.ReadUInt64LittleEndian(record), BinaryPrimitives.ReadInt64LittleEndian(record[8..]));

    /// <summary>A well-spread routing key for a small session number (the runtime routes on the key's high bits).</summary>
    public static ulong KeyOf(ulong session) => Phantom.Streams.Events.Utf8Hash.Of($"session-{session}");
}
