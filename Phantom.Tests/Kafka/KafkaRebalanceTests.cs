using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;
using Phantom.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phantom.Tests.Kafka;

/// <summary>Two consumers in one group, the second joining mid-stream (a cooperative-sticky rebalance).</summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class KafkaRebalanceTests(KafkaMockClusterFixture kafka, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunAsync_SecondConsumerJoinsWhileRecordsAreInFlight_NoRecordIsLost()
    {
        const int events = 6000;
        var options = kafka.NewOptions("rebalance-live");
        var store = new InMemoryOffsetStore();
        var log = new ProcessingLog();
        var slow = TimeSpan.FromMilliseconds(10); // seconds of buffered work per shard when node-b joins
        await using var a = new KafkaPipelineHarness(options, "node-a", store, log, delayPerRecord: slow);
        await using var b = new KafkaPipelineHarness(options, "node-b", store, log, delayPerRecord: slow);
        var handoffs = new List<string>();
        a.Source.PartitionsRevoked += partitions => { lock (handoffs) { handoffs.Add($"a handed off {string.Join(",", partitions)}"); } };
        b.Source.PartitionsAssigned += partitions => { lock (handoffs) { handoffs.Add($"b assigned {string.Join(",", partitions)}"); } };
        KafkaBenchmark.Produce(new PhantomOptions(), options, events / 2);

        a.Start();
        await a.WaitUntilAsync(() => log.Distinct() >= events / 8, Patience, "an eighth processed by node-a");
        b.Start(); // node-a still has most of the first half in its pipeline: its revocation must wait for them
        await b.WaitUntilAsync(() => b.Source.AssignedPartitions.Count > 0, Patience, "node-b assigned partitions");
        var second = new PhantomOptions();
        second.Generator.Seed = 8;
        KafkaBenchmark.Produce(second, options, events / 2);
        await a.WaitUntilAsync(() => log.Distinct() >= events, Patience, "every record processed");
        await b.StopAsync();
        await a.StopAsync();

        var entries = log.Entries();
        var duplicates = entries.Count - log.Distinct();
        var byB = entries.Count(e => e.Consumer == "node-b");
        output.WriteLine($"records {events}, processed {entries.Count}, duplicates {duplicates}, by a {entries.Count - byB}, by b {byB}, " +
                         $"lost assignments a {a.Source.LostAssignments}, rebalances a {a.Source.Rebalances} b {b.Source.Rebalances}");

        output.WriteLine(string.Join(Environment.NewLine, handoffs));
        Assert.Equal(events, log.Distinct()); // no loss
        Assert.Equal(0, duplicates); // revocation (and loss) waits for the pipeline and saves offsets before the partition moves
        Assert.Contains(handoffs, h => h.StartsWith("a handed off", StringComparison.Ordinal));
        Assert.Contains(handoffs, h => h.StartsWith("b assigned", StringComparison.Ordinal));
        Assert.True(byB > 0, "node-b processed nothing: the rebalance did not happen mid-stream");
        foreach (var partition in entries.GroupBy(e => e.Partition))
        {
            var owners = partition.Select(e => e.Consumer).ToArray();
            var switches = owners.Zip(owners.Skip(1)).Count(pair => pair.First != pair.Second);
            Assert.True(switches <= 1, $"partition {partition.Key} switched owner {switches} times");
        }
    }
}
