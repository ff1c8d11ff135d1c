using Phantom.Cluster.Bench;

namespace Phantom.Tests.ClusterRun;

public sealed class ClusterNodeProcessTests
{
    [Fact]
    public void Parse_NodeHealth_ReadsAssignedPartitionsAndJournalCounts()
    {
        const string body = """
            {"status":"healthy","components":{
              "pipeline":{"status":"up"},
              "kafka":{"status":"up","group_id":"g","assigned_partitions":[7,1,4],"rebalances":2},
              "journal":{"status":"up","kind":"postgresql","committed_events":1234,"recovered_sessions":56}}}
            """;

        var health = ClusterNodeProcess.Parse(body);

        Assert.Equal("healthy", health.Status);
        Assert.Equal([1, 4, 7], health.AssignedPartitions);
        Assert.Equal(1234, health.CommittedEvents);
        Assert.Equal(56, health.RecoveredSessions);
    }

    [Fact]
    public void Parse_NodeWithoutKafkaOrJournal_ReportsNoPartitionsAndNoEvents()
    {
        var health = ClusterNodeProcess.Parse("""{"status":"degraded","components":{"pipeline":{"status":"up"}}}""");

        Assert.Equal("degraded", health.Status);
        Assert.Empty(health.AssignedPartitions);
        Assert.Equal(0, health.CommittedEvents);
    }
}
