namespace Phantom.Streams.Flow;

/// <summary>What one <see cref="IPartitionInput.Pull"/> gave the shard.</summary>
public enum PartitionPull
{
    /// <summary>Records were appended (the batch may still hold fewer than its capacity).</summary>
    Records,

    /// <summary>Nothing available now; the shard asks again after answering asks and checking the kill switch.</summary>
    Idle,

    /// <summary>The partition has no more records (anything appended in the same call is still processed).</summary>
    End,
}
