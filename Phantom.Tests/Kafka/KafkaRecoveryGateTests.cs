using Phantom.Streams.Catalog;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;
using Phantom.Streams.Journal;
using Phantom.Streams.Kafka;
using Phantom.Tests.Infrastructure;
using Phantom.Tests.Journal;

namespace Phantom.Tests.Kafka;

/// <summary>
/// <see cref="KafkaSource.RecoveryGate"/> with <see cref="JournalSessionRecovery"/>: while one partition's recovery is
/// slow (its journal read held back), the other partition's records keep reaching their shard; afterwards every
/// record of both is processed once, in order.
/// </summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class KafkaRecoveryGateTests(KafkaMockClusterFixture kafka) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly JournalTestFolder _folder = new();

    [Fact]
    public async Task RunAsync_OnePartitionRecoversSlowly_OtherPartitionKeepsBeingApplied()
    {
        const int events = 400;
        var options = kafka.NewOptions("gate", partitions: 2);
        KafkaBenchmark.Produce(new Phantom.Streams.Configuration.PhantomOptions(), options, events);
        var perPartition = KafkaTopicReader.ReadAll(options, options.EventsTopic, Patience)
            .GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(perPartition.GetValueOrDefault(0) > 0 && perPartition.GetValueOrDefault(1) > 0, "both partitions need records");

        await using var inner = await _folder.OpenAsync();
        var slow = new SlowTagJournal(inner, JournalStage.ShardTag(1));
        var log = new ProcessingLog();
        await using var node = new KafkaPipelineHarness(options, "node-g", new InMemoryOffsetStore(), log, pipelinePartitions: 2);
        var recovery = new JournalSessionRecovery(slow, partitions: 2);
        var services = new PipelineServices(node.Options, new ProductCatalog(node.Options.Catalog), new InMemoryDeadLetterSink());
        recovery.ForShard(new ShardContext(0, 2, services));
        recovery.ForShard(new ShardContext(1, 2, services));
        node.Source.RecoveryGate = recovery;
        node.Source.PartitionsAssigned += recovery.BeginLoad;

        node.Start();
        await slow.SlowReadStarted.Task.WaitAsync(Patience);
        await node.WaitUntilAsync(() => log.Entries().Count(e => e.Partition == 0) >= perPartition[0], Patience, "partition 0 applied while partition 1 recovers");

        Assert.DoesNotContain(log.Entries(), e => e.Partition == 1);
        Assert.False(recovery.IsReady(1));
        Assert.Equal(1, node.Source.RecoveringPartitions);

        slow.Open();
        await node.WaitUntilAsync(() => log.Count >= events, Patience, "every record applied");
        await node.StopAsync();

        Assert.Equal(events, log.Count);
        Assert.Equal(events, log.Distinct());
        foreach (var partition in log.Entries().GroupBy(e => e.Partition))
        {
            var offsets = partition.Select(e => e.Offset).ToArray();
            Assert.Equal(Enumerable.Range(0, offsets.Length).Select(i => (long)i), offsets); // in order, none missing
        }

        Assert.True(node.Source.RecordsParked > 0, "partition 1's records were never held back");
        Assert.Equal(0, node.Source.RecoveringPartitions);
    }

    public void Dispose() => _folder.Dispose();
}
