namespace Phantom.Streams.Metrics;

/// <summary>One shard's queue and counts.</summary>
/// <param name="Shard">Its index.</param>
/// <param name="QueueDepth">Batches waiting in its queue now.</param>
/// <param name="Events">Events its worker has taken from the queue.</param>
/// <param name="Completed">Events that passed every stage (or were consumed) without rejection.</param>
/// <param name="Rejected">Events dead-lettered.</param>
public sealed record ShardMetrics(int Shard, int QueueDepth, long Events, long Completed, long Rejected);
