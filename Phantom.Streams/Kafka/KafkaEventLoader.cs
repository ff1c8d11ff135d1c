using Phantom.Streams.Flow.Sources;

namespace Phantom.Streams.Kafka;

/// <summary>
/// Loads interaction events (JSON lines) into a topic keyed by each record's <c>sessionId</c>
/// (<see cref="SessionIdScanner"/>), so a session's events share a partition and keep their order. Queues without
/// waiting; <see cref="Finish"/> waits for every delivery.
/// </summary>
public sealed class KafkaEventLoader(KafkaEventPublisher publisher, string topic)
{
    private long _records;
    private long _withoutKey;
    private long _emptyLines;

    /// <summary>Records queued.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Records without a top-level sessionId (sent without a key; the parse stage will reject them).</summary>
    public long WithoutKey => Interlocked.Read(ref _withoutKey);

    /// <summary>Blank lines skipped.</summary>
    public long EmptyLines => Interlocked.Read(ref _emptyLines);

    /// <summary>Queues one JSON record.</summary>
    public void Add(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            _emptyLines++;
            return;
        }

        if (!SessionIdScanner.TryFind(record, out var sessionId) || sessionId.IsEmpty)
        {
            sessionId = default;
            _withoutKey++;
        }

        publisher.Enqueue(topic, sessionId, record);
        _records++;
    }

    /// <summary>Queues every line of a JSON-lines file (CR LF tolerated), calling <paramref name="progress"/> about once a second with the records so far.</summary>
    public void AddFile(string path, Action<long, long>? progress = null, CancellationToken cancellationToken = default)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        var filled = 0;
        var nextReport = Environment.TickCount64 + 1000;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer
            }

            var read = file.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var consumed = 0;
            while (true)
            {
                var newline = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n');
                if (newline < 0 && !(read == 0 && consumed < filled))
                {
                    break;
                }

                var length = newline < 0 ? filled - consumed : newline;
                var line = buffer.AsSpan(consumed, length);
                if (!line.IsEmpty && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                Add(line);
                consumed += newline < 0 ? length : length + 1;
            }

            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            if (progress is not null && Environment.TickCount64 >= nextReport)
            {
                progress(Records, file.Position);
                nextReport = Environment.TickCount64 + 1000;
            }

            if (read == 0)
            {
                break;
            }
        }
    }

    /// <summary>Waits for every queued record to be delivered; true when all were.</summary>
    public bool Finish(TimeSpan timeout) => publisher.Flush(timeout) && publisher.Producer.Failed == 0;
}
