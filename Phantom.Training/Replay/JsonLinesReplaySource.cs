namespace Phantom.Training.Replay;

/// <summary>
/// A JSON-lines file of CONTRACTS.md events (what <c>phantom demo --input</c> reads and the traffic generator writes)
/// as a replay source: the 1-based line number is the ordering, empty lines are skipped, a final line without a
/// newline is still a record. Events without <c>ts</c> take the file's last-write time as their ingest time, the
/// closest thing to an ingest time a plain file has. Reads in large blocks into one reused buffer.
/// </summary>
public sealed class JsonLinesReplaySource : IReplaySource
{
    private readonly string _path;
    private readonly int _bufferSize;

    /// <exception cref="FileNotFoundException">No such file.</exception>
    public JsonLinesReplaySource(string path, int bufferSize = 1 << 20)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no such events file '{path}'", path);
        }

        _path = path;
        _bufferSize = Math.Max(bufferSize, 4096);
    }

    public string Name => Path.GetFileName(_path);

    public IEnumerable<ReplayRecord> Read(CancellationToken cancellationToken = default)
    {
        var ingestMs = new DateTimeOffset(File.GetLastWriteTimeUtc(_path)).ToUnixTimeMilliseconds();
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
        var buffer = new byte[_bufferSize];
        var filled = 0;
        long line = 0;
        var eof = false;
        while (!eof)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer: rare
            }

            var read = file.Read(buffer, filled, buffer.Length - filled);
            eof = read == 0;
            filled += read;
            var consumed = 0;
            while (true)
            {
                var newline = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n');
                int end, next;
                if (newline >= 0)
                {
                    end = consumed + newline;
                    next = end + 1;
                }
                else if (eof && consumed < filled)
                {
                    end = filled;
                    next = filled;
                }
                else
                {
                    break;
                }

                line++;
                var length = end - consumed;
                if (length > 0 && buffer[end - 1] == (byte)'\r')
                {
                    length--;
                }

                if (length > 0)
                {
                    yield return new ReplayRecord(line, ingestMs, new ReadOnlyMemory<byte>(buffer, consumed, length));
                }

                consumed = next;
            }

            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
        }
    }
}
