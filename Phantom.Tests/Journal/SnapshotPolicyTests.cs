using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

public class SnapshotPolicyTests
{
    [Fact]
    public void ShouldSnapshot_EveryK_TrueExactlyOnMultiplesOfK()
    {
        var policy = new SnapshotPolicy(100);

        var hits = Enumerable.Range(0, 1001).Where(seq => policy.ShouldSnapshot(seq)).ToArray();

        Assert.Equal([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000], hits);
    }

    [Fact]
    public void ShouldSnapshot_Disabled_NeverTrue()
    {
        var policy = new SnapshotPolicy(0);

        Assert.DoesNotContain(Enumerable.Range(0, 500), seq => policy.ShouldSnapshot(seq));
    }
}
