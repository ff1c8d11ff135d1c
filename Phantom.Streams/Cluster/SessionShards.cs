using System.Text;
using Phantom.Streams.Events;

namespace Phantom.Streams.Cluster;

/// <summary>
/// Which shard a session lives on: the partition the Kafka producer chose for its key in node mode, or the pipeline's
/// own routing when events come in-process. Both must agree with the writer, or a query would look on the wrong shard.
/// <para>
/// Kafka mode: Phantom's producers (<c>KafkaBatchProducer</c>) leave librdkafka's default partitioner in place,
/// <c>consistent_random</c>: a keyed record goes to <c>crc32(key) % partitions</c> (CRC-32/IEEE, as zlib), a record
/// without a key to a random partition. Apache Kafka's Java clients hash keys with murmur2 instead, so a Java producer
/// writing to the events topic would place sessions elsewhere; such a producer must set a CRC-32 partitioner (or every
/// producer murmur2: librdkafka's <c>murmur2_random</c>), and this class must then follow.
/// </para>
/// </summary>
public static class SessionShards
{
    /// <summary>The partition librdkafka's default partitioner picks for <paramref name="sessionId"/> as the record key.</summary>
    public static int KafkaPartition(string sessionId, int partitions)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Span<byte> stack = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(sessionId) <= stack.Length ? stack[..Encoding.UTF8.GetBytes(sessionId, stack)] : Encoding.UTF8.GetBytes(sessionId);
        return (int)(Crc32.Of(bytes) % (uint)partitions);
    }

    /// <summary>The shard the in-process publisher routes <paramref name="sessionId"/> to (the pipeline writer's hash).</summary>
    public static int LocalShard(string sessionId, int partitions)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        return Utf8Hash.Partition(Utf8Hash.Of(sessionId), partitions);
    }

    /// <summary><see cref="KafkaPartition"/> when events arrive through Kafka, <see cref="LocalShard"/> otherwise.</summary>
    public static int ShardOf(string sessionId, int partitions, bool kafka) =>
        kafka ? KafkaPartition(sessionId, partitions) : LocalShard(sessionId, partitions);
}
