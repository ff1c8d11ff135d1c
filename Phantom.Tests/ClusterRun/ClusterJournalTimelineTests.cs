using Phantom.Cluster.Bench;

namespace Phantom.Tests.ClusterRun;

public sealed class ClusterJournalTimelineTests
{
    // Partition 0: events every 10 ms, then a 500 ms hole around a step at t = 1045. Partition 1: steady.
    private static readonly (string, long, int, long)[] Events =
    [
        ("s1", 1, 0, 1000), ("s2", 1, 0, 1010), ("s1", 2, 0, 1020), ("s2", 2, 0, 1030), ("s1", 3, 0, 1040),
        ("s2", 3, 0, 1540), ("s1", 4, 0, 1550), ("s2", 4, 0, 1560),
        ("s3", 1, 1, 1000), ("s3", 2, 1, 1100), ("s3", 3, 1, 1200),
    ];

    [Fact]
    public void From_Events_CountsThemAndTheirApplyWindow()
    {
        var timeline = ClusterJournalTimeline.From(Events);

        Assert.Equal(11, timeline.Events);
        Assert.Equal(1000, timeline.FirstApplied);
        Assert.Equal(1560, timeline.LastApplied);
    }

    [Fact]
    public void PartitionPause_HoleAfterTheStep_IsTheLongestGapFromTheLastApplyBeforeIt()
    {
        var timeline = ClusterJournalTimeline.From(Events);

        Assert.Equal(500, timeline.PartitionPause(0, stepMs: 1045, windowMs: 10_000));
        Assert.Equal(100, timeline.PartitionPause(1, stepMs: 1045, windowMs: 10_000));
    }

    [Fact]
    public void PartitionPause_NothingAppliedAfterTheStep_IsNull()
    {
        var timeline = ClusterJournalTimeline.From(Events);

        Assert.Null(timeline.PartitionPause(1, stepMs: 1200, windowMs: 10_000));
        Assert.Null(timeline.PartitionPause(7, stepMs: 0, windowMs: 10_000));
    }

    [Fact]
    public void FirstAppliedAfter_Kill_IsTheNextCommitOnThePartition()
    {
        var timeline = ClusterJournalTimeline.From(Events);

        Assert.Equal(1540, timeline.FirstAppliedAfter(0, 1040));
        Assert.Null(timeline.FirstAppliedAfter(0, 1560));
    }

    [Fact]
    public void SessionStretches_StepOnAMovedPartition_SplitsTheOverlappingGapsFromTheNormalOnes()
    {
        var timeline = ClusterJournalTimeline.From(Events);
        // Produced 10 ms apart per session (s3: 100 ms): in steady state a gap stretches by the batching only.
        var produced = new Dictionary<string, long[]>
        {
            ["s1"] = [990, 1000, 1010, 1020],
            ["s2"] = [1000, 1010, 1020, 1030],
            ["s3"] = [900, 1000, 1100],
        };

        var (handoff, bystander, quiet) = timeline.SessionStretches([(1045L, 1100L, (IReadOnlySet<int>)new HashSet<int> { 0 })], produced);

        // s1: 1040 → 1550 and s2: 1030 → 1540 overlap the step: 510 ms apart, produced 10 ms apart.
        Assert.Equal([500L, 500L], handoff[0]);
        // s3 (partition 1 stayed): 1000 → 1100 overlaps the step; the gaps overlapping no step are quiet.
        Assert.Equal([0L], bystander[0]);
        Assert.Equal([0L, 10L, 10L, 10L, 10L], quiet.Order());
    }

    [Fact]
    public void ApplyLatencies_ProduceTimes_AreCommitMinusProduce()
    {
        var timeline = ClusterJournalTimeline.From(Events);

        var latencies = timeline.ApplyLatencies(new Dictionary<string, long[]> { ["s3"] = [900, 1000, 1100] });

        Assert.Equal([100L, 100L, 100L], latencies);
    }

    [Fact]
    public void SessionStretches_SessionWithoutProduceTimes_IsSkipped()
    {
        var timeline = ClusterJournalTimeline.From(Events);

        var (handoff, bystander, quiet) = timeline.SessionStretches([(1045L, 1100L, (IReadOnlySet<int>)new HashSet<int> { 0 })], new Dictionary<string, long[]> { ["s3"] = [900, 1000, 1100] });

        Assert.Empty(handoff[0]);
        Assert.Equal(2, bystander[0].Count + quiet.Count);
    }

    [Fact]
    public void Quantile_NearestRank_PicksTheValueAtTheRank()
    {
        var values = Enumerable.Range(1, 100).Select(i => (long)i).Reverse().ToList();

        Assert.Equal(50, ClusterJournalTimeline.Quantile(values, 0.5));
        Assert.Equal(99, ClusterJournalTimeline.Quantile(values, 0.99));
        Assert.Equal(0, ClusterJournalTimeline.Quantile([], 0.99));
    }
}
