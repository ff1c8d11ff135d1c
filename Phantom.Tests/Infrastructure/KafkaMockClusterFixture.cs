using Phantom.Streams.Kafka;

namespace Phantom.Tests.Infrastructure;

/// <summary>
/// One librdkafka mock cluster shared by the Kafka test classes (<see cref="KafkaMockClusterCollection"/>). Each test
/// takes its own topics and group via <see cref="NewOptions"/>, so tests never see each other's records. If librdkafka
/// is missing, creating the fixture throws and every test of the collection FAILS with the install hint (never skips).
/// </summary>
public sealed class KafkaMockClusterFixture : IDisposable
{
    private int _next;

    public KafkaMockClusterFixture()
    {
        Cluster = KafkaMockCluster.Start(brokers: 1);
    }

    public KafkaMockCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>
    /// Options whose topics are new (prefixed by <paramref name="prefix"/> and a counter) and created on the cluster:
    /// events, prices and price logs with <paramref name="partitions"/> partitions, dead letters with 1; a new group id.
    /// </summary>
    public KafkaOptions NewOptions(string prefix, int partitions = 12)
    {
        var id = $"{prefix}-{Interlocked.Increment(ref _next)}";
        var options = new KafkaOptions
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = $"{id}-group",
            EventsTopic = $"{id}.user-interactions",
            PricesTopic = $"{id}.prices",
            PriceLogTopic = $"{id}.price-logs",
            DeadLetterTopic = $"{id}.user-interactions.dead-letters",
            Partitions = partitions,
            PollTimeout = TimeSpan.FromMilliseconds(20),
            SessionTimeout = TimeSpan.FromSeconds(6),
            CommitInterval = TimeSpan.FromMilliseconds(200),
        };
        Cluster.CreateContractTopics(options);
        return options;
    }

    public void Dispose() => Cluster.Dispose();
}
