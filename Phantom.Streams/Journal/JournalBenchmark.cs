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
        var batches = BuildBatches(events, batchSize, payloadBytes, entities, seed);
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

        return await ReplayAsync(journal, before, events, batchSize, payloadBytes, appendSeconds, cpuStart, cpuAfterAppend, process, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The same measurement through <see cref="GroupCommitJournalWriter"/>: <paramref name="producers"/> concurrent
    /// callers enqueue requests of <paramref name="requestSize"/> events each (pipelined, waiting only when the queue is
    /// full), and the writer merges them into transactions per <paramref name="options"/>; the append time ends when the
    /// last request is durable. Result's BatchSize is the mean events per committed transaction.
    /// </summary>
    public static async Task<JournalBenchmarkResult> RunGroupCommitAsync(
        IJournal journal,
        JournalOptions options,
        int events,
        int requestSize,
        int producers = 12,
        int payloadBytes = 300,
        int entities = 1000,
        long seed = 42,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(events);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(producers);

        var requests = BuildBatches(events, requestSize, payloadBytes, entities, seed);
        var before = await journal.ReadHighestOrderingAsync(cancellationToken).ConfigureAwait(false);
        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long batches;
        var writer = new GroupCommitJournalWriter(journal, options);
        await using (writer.ConfigureAwait(false))
        {
            var next = -1;
            var tasks = new Task[producers];
            for (var p = 0; p < producers; p++)
            {
                tasks[p] = Task.Run(async () =>
                {
                    var durable = new List<Task>();
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < requests.Count)
                        durable.Add(await writer.EnqueueAsync(requests[index], Array.Empty<ConsumerOffset>(), cancellationToken).ConfigureAwait(false));
                    await Task.WhenAll(durable).ConfigureAwait(false);
                }, cancellationToken);
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
            batches = writer.CommittedBatches;
        }

        var appendSeconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuAfterAppend = process.TotalProcessorTime;
        var meanBatch = (int)Math.Round((double)events / Math.Max(1, batches));
        return await ReplayAsync(journal, before, events, meanBatch, payloadBytes, appendSeconds, cpuStart, cpuAfterAppend, process, cancellationToken).ConfigureAwait(false);
    }

    private static List<JournalWrite[]> BuildBatches(int events, int batchSize, int payloadBytes, int entities, long seed)
    {
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

        return batches;
    }

    private static async Task<JournalBenchmarkResult> ReplayAsync(
        IJournal journal,
        long before,
        int events,
        int batchSize,
        int payloadBytes,
        double appendSeconds,
        TimeSpan cpuStart,
        TimeSpan cpuAfterAppend,
        Process process,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
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

        return new JournalBenchmarkResult(
            events,
            batchSize,
            payloadBytes,
            appendSeconds,
            events / appendSeconds,
            replaySeconds,
            events / replaySeconds,
            (cpuAfterAppend - cpuStart).TotalSeconds,
            (cpuAfterReplay - cpuAfterAppend).TotalSeconds);
    }
}
