using Phantom.Streams.Configuration;
using Phantom.Streams.Flow;
using Phantom.Streams.Hosting;
using Phantom.Streams.Kafka;
using Phantom.Tests.Flow;

namespace Phantom.Tests.Kafka;

/// <summary>
/// One consumer node in a test: the full PhantomRuntime graph over <c>pipelinePartitions</c> shards fed by a
/// <see cref="KafkaSource"/>, prices to the <c>prices</c> topic, dead letters to the dead-letter topic, and a
/// recording stage right after the offset mark that logs every record it sees.
/// </summary>
internal sealed class KafkaPipelineHarness : IAsyncDisposable
{
    public const string RecordStage = "test-record";

    private Task? _running;

    /// <param name="delayPerRecord">A pause per record in the recording stage, to keep a rebalance inside the stream.</param>
    public KafkaPipelineHarness(KafkaOptions kafka, string name, IOffsetStore store, ProcessingLog log, int pipelinePartitions = 12, TimeSpan delayPerRecord = default)
    {
        Name = name;
        Options = new PhantomOptions();
        Options.Pipeline.Partitions = pipelinePartitions;
        Offsets = new PartitionOffsets(pipelinePartitions);
        var registry = KafkaStages.Configure(Options, PhantomRuntime.BuiltInStages(), Offsets);
        registry.Register(RecordStage, shard => new LambdaStage(RecordStage, (ref EventContext c) =>
        {
            log.Record(name, shard.Shard, c.SourceOffset);
            if (delayPerRecord > TimeSpan.Zero)
            {
                Thread.Sleep(delayPerRecord);
            }
        }));
        Options.Pipeline.Stages.Insert(1, RecordStage);
        Producer = new KafkaBatchProducer(kafka, name);
        Prices = new KafkaPriceSink(kafka, new Phantom.Streams.Catalog.ProductCatalog(Options.Catalog), Producer);
        DeadLetters = new KafkaDeadLetterSink(kafka, Producer);
        Runtime = new PhantomRuntime(Options, DeadLetters, stages: KafkaBenchmark.Wrap(registry, Prices));
        Source = new KafkaSource(kafka, Offsets, store, name) { BeforeCommit = () => Producer.Flush(TimeSpan.FromSeconds(30)) };
    }

    public string Name { get; }

    public PhantomOptions Options { get; }

    public PartitionOffsets Offsets { get; }

    public KafkaBatchProducer Producer { get; }

    public KafkaPriceSink Prices { get; }

    public KafkaDeadLetterSink DeadLetters { get; }

    public PhantomRuntime Runtime { get; }

    public KafkaSource Source { get; }

    public Task Running => _running ?? throw new InvalidOperationException("not started");

    public void Start()
    {
        Runtime.Start();
        _running = Runtime.Pipeline.RunSourceAsync(Source);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing fast if the source died.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (_running is { IsFaulted: true })
            {
                await _running; // rethrows the source's failure
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name}: {what} did not happen within {timeout}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Drains the pipeline (the source leaves the group, committing), then flushes the producer.</summary>
    public async Task StopAsync()
    {
        await Runtime.StopAsync();
        Producer.Flush(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        Prices.Dispose();
        DeadLetters.Dispose();
        Producer.Dispose();
    }
}
