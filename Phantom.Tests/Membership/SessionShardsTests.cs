using System.Text;
using Phantom.Streams.Cluster;
using Phantom.Streams.Kafka;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Membership;

/// <summary>The session-to-shard mapping equals the partition librdkafka's producer picks for the session id key.</summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class SessionShardsTests(KafkaMockClusterFixture kafka)
{
    [Fact]
    public void Crc32_CheckValue_MatchesTheStandard()
    {
        // The CRC-32/IEEE check value of "123456789" (zlib, librdkafka's rd_crc32).
        Assert.Equal(0xCBF43926u, Crc32.Of("123456789"u8));
        Assert.Equal(0u, Crc32.Of([]));
    }

    [Fact]
    public void KafkaPartition_RecordsProducedWithSessionKeys_EqualsThePartitionTheyLandedOn()
    {
        var topics = kafka.NewOptions("shards", partitions: 5);
        var sessions = Enumerable.Range(0, 60).Select(i => $"session-{i}-{(i * 7919) % 1000}").Append("é-ünïcode-ключ").ToArray();
        using (var producer = new KafkaBatchProducer(topics, "shards-test"))
        {
            foreach (var session in sessions)
            {
                producer.Produce(topics.EventsTopic, Encoding.UTF8.GetBytes(session), Encoding.UTF8.GetBytes("{}"));
            }

            Assert.True(producer.Flush(TimeSpan.FromSeconds(30)));
        }

        var records = KafkaTopicReader.ReadAll(topics, topics.EventsTopic, TimeSpan.FromSeconds(5));

        Assert.Equal(sessions.Length, records.Count);
        Assert.All(records, r => Assert.Equal(r.Partition, SessionShards.KafkaPartition(Encoding.UTF8.GetString(r.Key!), 5)));
        Assert.True(records.Select(r => r.Partition).Distinct().Count() > 1, "the keys should spread over several partitions");
    }

    [Fact]
    public void LocalShard_InProcessRouting_EqualsThePipelineWritersShard()
    {
        foreach (var session in new[] { "a", "session-1", "another-session-id" })
        {
            Assert.Equal(
                Phantom.Streams.Events.Utf8Hash.Partition(Phantom.Streams.Events.Utf8Hash.Of(Encoding.UTF8.GetBytes(session)), 7),
                SessionShards.ShardOf(session, 7, kafka: false));
        }
    }
}
