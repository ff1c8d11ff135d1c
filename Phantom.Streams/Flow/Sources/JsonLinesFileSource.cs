namespace Phantom.Streams.Flow.Sources;

/// <summary>
/// Reads a JSON-lines file (one interaction event per line) into a pipeline: big sequential reads into one reusable
/// buffer, lines split in place, each routed by its top-level <c>sessionId</c> (<see cref="SessionIdScanner"/>; key 0
/// when absent, and the parse stage rejects it). The 1-based line number is the record's source offset. Empty lines
/// are skipped and counted; a final line without a newline is still a record. With a <see cref="SourceCheckpoint"/>,
/// it is called after every <c>checkpointEvery</c> records.
/// </summary>
public sealed class JsonLinesFileSource(
    string path, int bufferSize = 1 << 20, long checkpointEvery = 0, SourceCheckpoint? checkpoint = null) : IFlowSource
{
    private long _lines;
    private long _skippedEmpty;

    public string Name => Path.GetFileName(path);

    /// <summary>Records written so far.</summary>
    public long Records => Volatile.Read(ref _lines);

    /// <summary>Empty lines skipped (not records).</summary>
    public long SkippedEmptyLines => Volatile.Read(ref _skippedEmpty);

    public async Task RunAsync(PipelineWriter writer, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var lines = new LineReader(bufferSize);
        while (!lines.Finished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lines.Filled(await file.ReadAsync(lines.FreeSpace(), cancellationToken).ConfigureAwait(false));
            while (lines.TryTakeLine(out var start, out var length))
            {
                if (length == 0)
                {
                    _skippedEmpty++;
                    continue;
                }

                while (!Write(writer, lines.Buffer, start, length, lines.LineNumber))
                {
                    await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
                }

                _lines++;
                if (checkpoint is not null && checkpointEvery > 0 && _lines % checkpointEvery == 0)
                {
                    await checkpoint(writer, _lines, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool Write(PipelineWriter writer, byte[] buffer, int start, int length, long lineNumber)
    {
        var line = new ReadOnlySpan<byte>(buffer, start, length);
        return writer.TryWrite(SessionIdScanner.KeyOf(line), line, lineNumber);
    }
}
