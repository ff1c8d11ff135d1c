using Phantom.Cluster.Admin;

namespace Phantom.Tests.Admin;

/// <summary>The node log's ring: bounded, gap-free numbering, paging by sequence.</summary>
public sealed class NodeLogTests
{
    [Fact]
    public void Write_PastCapacity_KeepsOnlyTheNewestLines()
    {
        var log = new NodeLog(capacity: 4);
        for (var i = 1; i <= 10; i++)
        {
            log.Info("test", $"line {i}");
        }

        var (lines, last) = log.Read(after: 0, limit: 100);

        Assert.Equal(10, last);
        Assert.Equal([7L, 8, 9, 10], lines.Select(l => l.Seq));
        Assert.Equal("line 10", lines[^1].Message);
    }

    [Fact]
    public void Read_NegativeAfter_ReturnsTheNewestLimitLines()
    {
        var log = new NodeLog(capacity: 100);
        for (var i = 1; i <= 10; i++)
        {
            log.Info("test", $"line {i}");
        }

        var (lines, _) = log.Read(after: -1, limit: 3);

        Assert.Equal([8L, 9, 10], lines.Select(l => l.Seq));
    }

    [Fact]
    public void Read_AfterNewest_ReturnsNothingButTheLast()
    {
        var log = new NodeLog(capacity: 8);
        log.Warn("test", "one");

        var (lines, last) = log.Read(after: 1, limit: 10);

        Assert.Empty(lines);
        Assert.Equal(1, last);
        Assert.Equal(NodeLog.Warning, log.Read(0, 1).Lines[0].Level);
    }

    [Fact]
    public void Constructor_ZeroCapacity_NamesTheKey()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NodeLog(0));

        Assert.Contains("phantom.admin.log-capacity", error.Message, StringComparison.Ordinal);
    }
}
