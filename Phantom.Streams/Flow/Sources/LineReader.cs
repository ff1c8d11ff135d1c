namespace Phantom.Streams.Flow.Sources;

/// <summary>
/// Splits JSON-lines input read in large blocks into one reused buffer: <see cref="FreeSpace"/> for the next read
/// (keeping the unfinished tail of the last block at the front, growing only for a line longer than the buffer),
/// <see cref="Filled"/> after it, then <see cref="TryTakeLine"/> until it asks for more. Lines end in LF or CR LF;
/// the last line may lack one at the end of input. Line numbers are 1-based and count empty lines too.
/// </summary>
public sealed class LineReader(int bufferSize)
{
    private byte[] _buffer = new byte[Math.Max(bufferSize, 4096)];
    private int _filled;
    private int _consumed;
    private bool _eof;

    /// <summary>The buffer the offsets of <see cref="TryTakeLine"/> refer to (valid until the next <see cref="FreeSpace"/>).</summary>
    public byte[] Buffer => _buffer;

    /// <summary>The number of the line last taken.</summary>
    public long LineNumber { get; private set; }

    /// <summary>True once the input has ended and every line has been taken.</summary>
    public bool Finished => _eof && _consumed == _filled;

    /// <summary>Where the next read goes; moves the unfinished tail to the front first.</summary>
    public Memory<byte> FreeSpace()
    {
        System.Buffer.BlockCopy(_buffer, _consumed, _buffer, 0, _filled - _consumed);
        _filled -= _consumed;
        _consumed = 0;
        if (_filled == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2); // a line longer than the buffer: rare
        }

        return _buffer.AsMemory(_filled);
    }

    /// <summary>Records a read of <paramref name="read"/> bytes into <see cref="FreeSpace"/>; 0 is the end of input.</summary>
    public void Filled(int read)
    {
        _eof = read == 0;
        _filled += read;
    }

    /// <summary>The next complete line (without its line end; possibly empty), or false when more input is needed.</summary>
    public bool TryTakeLine(out int start, out int length)
    {
        start = _consumed;
        var newline = _buffer.AsSpan(_consumed, _filled - _consumed).IndexOf((byte)'\n');
        int end;
        if (newline >= 0)
        {
            end = _consumed + newline;
            _consumed = end + 1;
        }
        else if (_eof && _consumed < _filled)
        {
            end = _filled;
            _consumed = _filled;
        }
        else
        {
            length = 0;
            return false;
        }

        length = end - start;
        if (length > 0 && _buffer[end - 1] == (byte)'\r')
        {
            length--;
        }

        LineNumber++;
        return true;
    }
}
