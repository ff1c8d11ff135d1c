using System.Diagnostics;
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;
using Phantom.Streams.Kafka;

namespace Phantom.Cluster.Bench;

/// <summary>
/// The event stream of a cluster run: generated sessions (<see cref="TrafficGenerator"/>, seeded by
/// <c>phantom.generator.seed</c>, so every run and its single-node reference see the same records) produced to the
/// events topic, keyed by session id, either as fast as the producer goes or at a steady rate while membership changes.
/// </summary>
public sealed class ClusterTraffic
{
    private static readonly TimeSpan FlushPatience = TimeSpan.FromSeconds(60);

    private readonly KafkaOptions _topics;
    private long _produced;

    /// <param name="topics">Where to produce (<see cref="KafkaOptions.EventsTopic"/> on its bootstrap servers).</param>
    /// <param name="records">The JSON lines, in production order.</param>
    public ClusterTraffic(KafkaOptions topics, IReadOnlyList<byte[]> records)
    {
        _topics = topics ?? throw new ArgumentNullException(nameof(topics));
        Records = records ?? throw new ArgumentNullException(nameof(records));
        ProducedAtMs = new long[records.Count];
    }

    public IReadOnlyList<byte[]> Records { get; }

    /// <summary>When each record was handed to the producer (unix ms; 0 while not yet): what apply times are compared with.</summary>
    public long[] ProducedAtMs { get; }

    /// <summary>Records handed to the producer so far.</summary>
    public long Produced => Interlocked.Read(ref _produced);

    /// <summary><paramref name="count"/> generated interaction records (UTF-8 JSON lines) from <paramref name="options"/>' generator.</summary>
    public static IReadOnlyList<byte[]> Generate(PhantomOptions options, int count)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        var buffer = new byte[generator.MaxLineBytes];
        var records = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            generator.TryWriteNext(buffer, out var written, out _);
            records[i] = buffer.AsSpan(0, written).ToArray();
        }

        return records;
    }

    /// <summary>
    /// Produces every record, at <paramref name="perSecond"/> records/s (0: as fast as the producer takes them), then
    /// waits until the broker acknowledged all. Runs on a thread of its own: callers change membership meanwhile.
    /// </summary>
    /// <exception cref="InvalidOperationException">Some records were not delivered.</exception>
    public Task ProduceAsync(double perSecond = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perSecond);
        return Task.Factory.StartNew(() => Produce(perSecond, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Produce(double perSecond, CancellationToken cancellationToken)
    {
        using var publisher = new KafkaEventPublisher(_topics);
        var loader = new KafkaEventLoader(publisher, _topics.EventsTopic);
        var clock = Stopwatch.StartNew();
        var next = 0;
        while (next < Records.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Paced by the clock, not by sleeps: a late tick catches up, so the average rate holds.
            var due = perSecond > 0 ? Math.Min(Records.Count, (int)(clock.Elapsed.TotalSeconds * perSecond) + 1) : Records.Count;
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (; next < due; next++)
            {
                ProducedAtMs[next] = now;
                loader.Add(Records[next]);
                Interlocked.Increment(ref _produced);
            }

            if (next < Records.Count)
            {
                Thread.Sleep(5);
            }
        }

        if (!loader.Finish(FlushPatience))
        {
            throw new InvalidOperationException($"not every record reached {_topics.EventsTopic} at {_topics.BootstrapServers} within {FlushPatience.TotalSeconds:0} s");
        }
    }
}
