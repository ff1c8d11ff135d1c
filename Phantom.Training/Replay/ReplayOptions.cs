namespace Phantom.Training.Replay;

/// <summary>What a <see cref="SessionReplayer"/> rebuilds and reports.</summary>
public sealed record ReplayOptions
{
    /// <summary>Only events at or after this event time are applied (null: from the start).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only events before this event time are applied (null: to the end).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// Labels by experiment id, which take precedence over the generator's ground truth; sessions whose experiment is
    /// not listed keep the ground truth the codec read (<see cref="Phantom.Streams.Codec.CodecOptions"/>).
    /// </summary>
    public ExperimentLabels? Labels { get; init; }

    /// <summary>Also yield every session's trajectory of behaviour states (for kernel estimation); costs memory per live session.</summary>
    public bool KeepTrajectories { get; init; }

    /// <summary>
    /// Also keep each session's features as they stood right after its first event of this name (e.g.
    /// <c>add_item_to_cart</c>: the session as the pricing path saw it when it chose a product), in
    /// <see cref="ReplayedSession.MarkedFeatures"/>; null: none.
    /// </summary>
    public Streams.Events.EventName? SnapshotAfterFirst { get; init; }

    /// <summary>
    /// Session tables to route events to, as the live pipeline routes them to shards (<c>Utf8Hash.Partition</c>). With
    /// the live run's partition count, passivation happens at exactly the same events, so even sessions split by an
    /// idle gap come out as the live path saw them; other counts differ only for such sessions.
    /// </summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Called every <see cref="ProgressEvery"/> records and once at the end.</summary>
    public Action<ReplayProgress>? Progress { get; init; }

    public int ProgressEvery { get; init; } = 1 << 16;
}
