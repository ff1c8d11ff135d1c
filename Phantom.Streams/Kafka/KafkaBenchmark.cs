using System.Diagnostics;
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow.Sources;
using Phantom.Streams.Generation;
using Phantom.Streams.Hosting;
using Phantom.Streams.Journal;
using Phantom.Streams.Pricing;

namespace Phantom.Streams.Kafka;

/// <summary>
/// Measures, in one process against one librdkafka mock cluster, a plain consume of N generated events from the events
/// topic (assign all partitions, count records and bytes) against the same records through <see cref="KafkaSource"/>
/// into the full <see cref="PhantomRuntime"/> graph (prices to the in-memory store, or also to the <c>prices</c>
/// topic). The pipeline clock starts at the first consumed record, so the group join (the mock coordinator's initial
/// rebalance delay, about 3 s) is not counted; the plain consume needs no group. The mock broker keeps only about
/// 5 MB of log per partition, so N is bounded (about 150,000 generated events over 12 partitions).
/// </summary>
public static class KafkaBenchmark
{
    /// <param name="options">Adjusted in place: pipeline partitions set to <paramref name="partitions"/>, the Kafka offset stages added.</param>
    /// <param name="journal">When given, the pipeline also journals every event with its offsets, as a node does.</param>
    /// <param name="priceStore">Where prices go (e.g. Redis); the runtime's in-memory store when null.</param>
    /// <param name="warmupEvents">
    /// When positive, first runs both paths once, unmeasured, over this many other events (another seed, so other
    /// sessions) on a separate topic: the measured runs then see the steady state a long-running node is in (code
    /// tiered up by the JIT, pools and connections warm) instead of timing the JIT for the first second. 0 measures cold.
    /// </param>
    public static async Task<KafkaBenchmarkResult> RunAsync(
        PhantomOptions options,
        int events,
        int partitions = 12,
        bool pricesToKafka = false,
        Action<string>? progress = null,
        CancellationToken cancellationToken = default,
        IJournal? journal = null,
        Func<ProductCatalog, IPriceStore>? priceStore = null,
        int warmupEvents = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupEvents);
        var version = LibrdkafkaRuntime.Version;
        using var mock = KafkaMockCluster.Start(options.Kafka.MockBrokers);
        var kafka = options.Kafka.Clone();
        kafka.BootstrapServers = mock.BootstrapServers;
        kafka.Partitions = partitions;
        kafka.GroupId = "phantom-bench-" + Guid.NewGuid().ToString("N");
        mock.CreateContractTopics(kafka);
        options.Pipeline.Partitions = partitions;

        if (warmupEvents > 0)
        {
            var warm = kafka.Clone();
            warm.EventsTopic = kafka.EventsTopic + ".warmup";
            warm.GroupId = kafka.GroupId + "-warmup";
            mock.CreateTopic(warm.EventsTopic, partitions);
            var generator = options.ShallowCopy();
            generator.Generator = options.Generator.Clone();
            generator.Generator.Seed = options.Generator.Seed + 1;
            progress?.Invoke($"warm-up: {warmupEvents:N0} events (seed {generator.Generator.Seed}) through both paths, not measured");
            Produce(generator, warm, warmupEvents);
            KafkaTopicReader.CountAll(warm, warm.EventsTopic, TimeSpan.FromMinutes(5));
            await RunPipelineAsync(options, warm, warmupEvents, pricesToKafka, journal, priceStore, cancellationToken).ConfigureAwait(false);
        }

        progress?.Invoke($"producing {events:N0} events to '{kafka.EventsTopic}' ({partitions} partitions) at {mock.BootstrapServers}");
        var produce = Stopwatch.StartNew();
        var bytes = Produce(options, kafka, events);
        produce.Stop();

        progress?.Invoke("plain consume");
        var plainCpu = CpuTime();
        var plain = Stopwatch.StartNew();
        var (plainRecords, _) = KafkaTopicReader.CountAll(kafka, kafka.EventsTopic, TimeSpan.FromMinutes(5));
        plain.Stop();
        plainCpu = CpuTime() - plainCpu;
        if (plainRecords != events)
        {
            // librdkafka's mock broker keeps only the newest few MB of each partition's log and drops older segments.
            throw new InvalidOperationException(
                $"plain consume read {plainRecords} records, {events} were produced: the mock broker keeps about 5 MB per partition, " +
                "so use fewer events or more partitions");
        }

        progress?.Invoke("KafkaSource → pipeline");
        var run = await RunPipelineAsync(options, kafka, events, pricesToKafka, journal, priceStore, cancellationToken, progress).ConfigureAwait(false);
        return new KafkaBenchmarkResult(
            events, partitions, bytes, produce.Elapsed.TotalSeconds, plain.Elapsed.TotalSeconds, run.Seconds,
            run.Prices, run.Rejected, version, plainCpu.TotalSeconds, run.CpuSeconds, warmupEvents);
    }

    /// <summary>
    /// KafkaSource → the full graph over <paramref name="events"/> records of <paramref name="kafka"/>'s topic, timed
    /// from the first consumed record until every record left every stage and, with a journal, its offset is durable.
    /// </summary>
    private static async Task<(double Seconds, double CpuSeconds, long Prices, long Rejected)> RunPipelineAsync(
        PhantomOptions options,
        KafkaOptions kafka,
        int events,
        bool pricesToKafka,
        IJournal? journal,
        Func<ProductCatalog, IPriceStore>? priceStore,
        CancellationToken cancellationToken,
        Action<string>? progress = null)
    {
        var offsets = new PartitionOffsets(options.Pipeline.Partitions);
        var registry = KafkaStages.Configure(options, PhantomRuntime.BuiltInStages(), offsets);
        await using var writer = journal is null ? null : new GroupCommitJournalWriter(journal, options.Journal);
        if (writer is not null)
        {
            options.Kafka.GroupId = kafka.GroupId;
            options.Kafka.EventsTopic = kafka.EventsTopic;
            JournalStage.Configure(options, registry, writer, offsets);
        }

        var deadLetters = new InMemoryDeadLetterSink(keepRecent: 0);
        using var prices = pricesToKafka ? new KafkaPriceSink(kafka, new ProductCatalog(options.Catalog)) : null;
        await using var runtime = prices is null
            ? new PhantomRuntime(options, deadLetters, stages: registry, priceStore: priceStore)
            : new PhantomRuntime(options, deadLetters, stages: Wrap(registry, prices), priceStore: priceStore);
        runtime.Start();
        var source = new KafkaSource(kafka, offsets, new InMemoryOffsetStore(), "phantom-bench");
        var running = runtime.Pipeline.RunSourceAsync(source);
        while (source.RecordsConsumed == 0)
        {
            await Fail(running).ConfigureAwait(false);
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }

        var cpu = CpuTime();
        var pipeline = Stopwatch.StartNew();
        // End to end: every record left every stage and, with a journal, its offset is durable (journal commits are
        // pipelined, so a settled batch may still be committing).
        while (runtime.Pipeline.RecordsSettled() < events || (writer is not null && !AllDurable(offsets, source)))
        {
            await Fail(running).ConfigureAwait(false);
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }

        pipeline.Stop();
        cpu = CpuTime() - cpu;
        await runtime.StopAsync().ConfigureAwait(false);
        prices?.Flush(TimeSpan.FromSeconds(30));
        if (writer is not null && writer.BatchSizes.Count > 0)
        {
            // Events per transaction drive the journal's CPU per event (each commit rewrites every index page it
            // touched into the WAL), so the run says what it got.
            progress?.Invoke($"journal: {writer.BatchSizes.Count:N0} transactions, {writer.BatchSizes.Sum / (double)writer.BatchSizes.Count:N0} events each on average");
        }

        var metrics = runtime.Pipeline.GetMetrics();
        return (pipeline.Elapsed.TotalSeconds, cpu.TotalSeconds, prices?.Written ?? runtime.Pricing.Snapshot().PricedEvents, metrics.Rejected);
    }

    /// <summary>Loads <paramref name="events"/> generated events into the events topic; returns their bytes.</summary>
    public static long Produce(PhantomOptions options, KafkaOptions kafka, int events)
    {
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        using var publisher = new KafkaEventPublisher(kafka);
        var loader = new KafkaEventLoader(publisher, kafka.EventsTopic);
        var buffer = new byte[generator.MaxLineBytes];
        long bytes = 0;
        for (var i = 0; i < events; i++)
        {
            generator.TryWriteNext(buffer, out var written, out _);
            loader.Add(buffer.AsSpan(0, written));
            bytes += written;
        }

        if (!loader.Finish(TimeSpan.FromMinutes(2)))
        {
            throw new InvalidOperationException($"producing to '{kafka.EventsTopic}' failed: {publisher.Producer.LastError ?? "timeout"}");
        }

        return bytes;
    }

    /// <summary>A registry whose <c>price-store</c> writes to <paramref name="store"/> instead of the runtime's default store.</summary>
    public static Flow.StageRegistry Wrap(Flow.StageRegistry registry, Pricing.IPriceStore store)
    {
        var wrapped = new Flow.StageRegistry();
        foreach (var name in registry.Names)
        {
            wrapped.Register(name, name == Pricing.PriceStoreStage.StageName
                ? shard => new Pricing.PriceStoreStage(
                    store,
                    shard.Services.Get<Pricing.PricingStatistics>().ForShard(shard.Shard),
                    Math.Max(1, shard.Services.Options.Pipeline.BatchSize))
                : registry.Resolve(name));
        }

        return wrapped;
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static bool AllDurable(PartitionOffsets offsets, KafkaSource source)
    {
        var left = (long)source.RecordsConsumed;
        for (var p = 0; p < offsets.Partitions; p++)
        {
            // Offsets start at 0 on a fresh topic, so a partition's processed offset + 1 is its record count.
            left -= offsets.Processed(p) + 1;
        }

        return left <= 0;
    }

    private static async Task Fail(Task running)
    {
        if (running.IsCompleted)
        {
            await running.ConfigureAwait(false); // surfaces the source's exception
            throw new InvalidOperationException("the Kafka source ended before every record was processed");
        }
    }
}
