using System.Diagnostics;
using Phantom.Streams.Randomness;

namespace Phantom.Streams.Journal;

/// <summary>
/// Throughput of a journal (for <c>phantom bench journal</c>): appends <c>events</c> events of <c>payloadBytes</c>
/// random bytes, one tag each, spread over <c>entities</c> persistence ids, in transactions of <c>batchSize</c> events
/// (one AppendAsync per batch, as the group commit writer issues them; <c>writers</c> concurrent
/// callers), then replays the appended ordering range with <see cref="IJournal.CurrentAllEvents"/>. Persistence ids
/// carry a fresh run id, so runs can repeat against one database.
/// </summary>
public static class JournalBenchmark
{
    public static async Task<JournalBenchmarkResult> RunAsync(
        IJournal journal,
        int events,
        int batchSize,
        int payloadBytes = 300,
        int entities = 1000,
        int writers = 1,
        long seed = 42,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(events);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(writers);

        // Build every batch first so the timing covers the journal only.
        var random = new SeededRandom(seed);
        var run = Guid.NewGuid().ToString("N")[..8];
        var tags = new[] { "bench" };
        var nextSeq = new long[entities];
        var batches = new List<JournalWrite[]>();
        for (var start = 0; start < events; start += batchSize)
        {
            var batch = new JournalWrite[Math.Min(batchSize, events - start)];
            for (var i = 0; i < batch.Length; i++)
            {
                var entity = (start + i) % entities;
                var payload = new byte[payloadBytes];
                for (var b = 0; b < payload.Length; b++) payload[b] = (byte)random.NextInt(256);
                batch[i] = new JournalWrite($"bench-{run}-{entity}", ++nextSeq[entity], payload, "bench", tags, "bench");
            }

            batches.Add(batch);
        }

        var before = await journal.ReadHighestOrderingAsync(cancellationToken).ConfigureAwait(false);
        var next = -1;
        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var tasks = new Task[writers];
        for (var w = 0; w < writers; w++)
        {
            tasks[w] = Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < batches.Count)
                    await journal.AppendAsync(batches[index], Array.Empty<ConsumerOffset>(), cancellationToken).ConfigureAwait(false);
            }, cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        var appendSeconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuAfterAppend = process.TotalProcessorTime;

        clock.Restart();
        var replayed = 0;
        await foreach (var e in journal.CurrentAllEvents(before, cancellationToken).ConfigureAwait(false))
        {
            if (e.Payload.Length == payloadBytes) replayed++;
        }

        var replaySeconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuAfterReplay = process.TotalProcessorTime;
        if (replayed != events)
            throw new InvalidOperationException($"Replay returned {replayed} events of {events}; another writer was active or events were lost.");

        return new JournalBenchmarkResult(events, batchSize, payloadBytes, appendSeconds, events / appendSeconds, replaySeconds, events / replaySeconds,
            (cpuAfterAppend - cpuStart).TotalSeconds,
            (cpuAfterReplay - cpuAfterAppend).TotalSeconds);
    }
}
