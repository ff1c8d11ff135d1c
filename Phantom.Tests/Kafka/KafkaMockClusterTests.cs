using Phantom.Streams.Kafka;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Kafka;

/// <summary>The P/Invoke mock cluster and the native library it stands on.</summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class KafkaMockClusterTests(KafkaMockClusterFixture kafka)
{
    [Fact]
    public void Version_DebianLibrdkafka_IsRecentEnoughForCooperativeRebalancing()
    {
        // Cooperative incremental rebalancing arrived in librdkafka 1.6.0; Debian 12 ships 2.0.2.
        Assert.True(LibrdkafkaRuntime.VersionNumber >= 0x010600ff, $"librdkafka {LibrdkafkaRuntime.Version} is older than 1.6");
        Assert.Matches(@"^\d+\.\d+\.\d+", LibrdkafkaRuntime.Version);
    }

    [Fact]
    public void CreateContractTopics_Partitions12_TopicsHaveTheirPartitionCounts()
    {
        var options = kafka.NewOptions("topics");

        Assert.Equal(12, KafkaTopicReader.PartitionCount(options, options.EventsTopic));
        Assert.Equal(12, KafkaTopicReader.PartitionCount(options, options.PricesTopic));
        Assert.Equal(1, KafkaTopicReader.PartitionCount(options, options.DeadLetterTopic));
        Assert.Equal(12, kafka.Cluster.Topics[options.PriceLogTopic]);
    }

    [Fact]
    public void CreateTopic_ReplicationAboveBrokers_ThrowsNamingTheLimit()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => kafka.Cluster.CreateTopic("too-replicated", 1, replicationFactor: 2));

        Assert.Contains("1..1", error.Message);
    }

    [Fact]
    public void Start_TwoBrokers_BootstrapListsBoth()
    {
        using var cluster = KafkaMockCluster.Start(brokers: 2);

        Assert.Equal(2, cluster.BootstrapServers.Split(',').Length);
        cluster.CreateTopic("replicated", 2, replicationFactor: 2);
        Assert.Equal(2, KafkaTopicReader.PartitionCount(new KafkaOptions { BootstrapServers = cluster.BootstrapServers }, "replicated"));
    }
}
