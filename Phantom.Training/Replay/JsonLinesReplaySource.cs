using Phantom.Streams.Flow.Sources;

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
        var lines = new LineReader(_bufferSize);
        while (!lines.Finished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lines.Filled(file.Read(lines.FreeSpace().Span));
            while (lines.TryTakeLine(out var start, out var length))
            {
                if (length > 0)
                {
                    yield return new ReplayRecord(lines.LineNumber, ingestMs, new ReadOnlyMemory<byte>(lines.Buffer, start, length));
                }
            }
        }
    }
}
