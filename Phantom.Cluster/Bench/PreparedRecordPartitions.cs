using Phantom.Streams.Flow.Sources;

namespace Phantom.Cluster.Bench;

/// <summary>The benchmark's prepared records split by session key for the shard-owned pipeline.</summary>
internal static class PreparedRecordPartitions
{
    /// <summary>
    /// The records of <paramref name="records"/> in <paramref name="partitions"/> per-shard buffers, split with the
    /// router's function, so each shard of the shard-owned pipeline sees exactly what the router would send it.
    /// </summary>
    public static PresplitMemorySource Split(PreparedRecords records, int partitions) =>
        PresplitMemorySource.Split(partitions, records.Count, records.Record, records.Keys, "prepared-presplit");
}
