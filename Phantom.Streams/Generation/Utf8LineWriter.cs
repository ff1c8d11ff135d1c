using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Phantom.Streams.Generation;

/// <summary>Appends UTF-8 pieces to a span the caller sized for the longest line; no bounds beyond the span's own.</summary>
internal ref struct Utf8LineWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;

    public int Position { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[Position..]);
        Position += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte b) => _buffer[Position++] = b;

    public void AppendInteger(long value)
    {
        Utf8Formatter.TryFormat(value, _buffer[Position..], out var written);
        Position += written;
    }

    /// <summary>Lower-case hex of <paramref name="value"/>'s low <paramref name="digits"/> nibbles, most significant first.</summary>
    public void AppendHex(ulong value, int digits)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            var nibble = (int)((value >> (i * 4)) & 0xF);
            _buffer[Position++] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }
    }

    /// <summary>Exactly <paramref name="digits"/> decimal digits of a non-negative value, zero-padded.</summary>
    public void AppendPadded(int value, int digits)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            _buffer[Position + i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        Position += digits;
    }
}
