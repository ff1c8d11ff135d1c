using System.Text.Json;
using Phantom.Cluster.Ctl;

namespace Phantom.Tests.Ctl;

/// <summary>
/// The cluster-wide ctl commands (<c>cluster</c>, <c>shards</c>, <c>session</c>) against <see cref="FakeAdminServer"/>
/// answering the contract's JSON. The real routes come from the membership branch; after the merge these run against a
/// real node too.
/// </summary>
public sealed class CtlClusterCommandsTests
{
    [Fact]
    public async Task ClusterShow_Json_PrintsTheNodesAnswerUnchanged()
    {
        await using var server = FakeAdminServer.WithContractState();

        var result = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: true, "cluster", "show");

        Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
        Assert.Equal(FakeAdminServer.Cluster.Trim(), result.Output.Trim());
    }

    [Fact]
    public async Task ClusterShow_Table_ShowsEveryNodeWithStatusShardsAndLoad()
    {
        await using var server = FakeAdminServer.WithContractState();

        var result = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: false, "cluster", "show");

        Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
        Assert.Contains("cluster phantom", result.Output, StringComparison.Ordinal);
        var rowB = Row(result.Output, "node-b");
        Assert.Contains("leaving", rowB, StringComparison.Ordinal);
        Assert.Contains("4-5, 7", rowB, StringComparison.Ordinal);
        Assert.Contains("610.2", rowB, StringComparison.Ordinal);
        Assert.Contains("unreachable", Row(result.Output, "node-c"), StringComparison.Ordinal);
        Assert.Contains("0-3", Row(result.Output, "127.0.0.1:5000"), StringComparison.Ordinal);
        Assert.Contains("(asked node-a)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterStatus_NodeUnreachable_SummarisesAndExitsFailed()
    {
        await using var server = FakeAdminServer.WithContractState();

        var result = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: false, "cluster", "status");

        Assert.Equal(CtlExitCodes.Failed, result.ExitCode);
        Assert.Contains("3 node(s), 7 shard(s), 2,100 entities", result.Output, StringComparison.Ordinal);
        Assert.Contains("unreachable: 1 (node-c)", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 node(s) unreachable", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterTail_Json_PrintsTheLogAsJsonLinesThenFollows()
    {
        await using var server = FakeAdminServer.WithContractState();
        var result = await CtlRun.FollowAsync(server.Node, FakeAdminServer.Key, json: true,
            _ => server.Requests.Any(r => r.StartsWith("GET /admin/cluster/events?after=3", StringComparison.Ordinal)), "cluster", "tail");

        Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal([1L, 2, 3], lines.Select(l => l.GetProperty("seq").GetInt64()));
        Assert.Equal("unreachable", lines[2].GetProperty("kind").GetString());
        Assert.Contains(server.Requests, r => r.StartsWith("GET /admin/cluster/events?after=3", StringComparison.Ordinal)); // it kept asking after the last
    }

    [Fact]
    public async Task ClusterTail_Table_ShowsKindAndDetail()
    {
        await using var server = FakeAdminServer.WithContractState();
        var result = await CtlRun.FollowAsync(server.Node, FakeAdminServer.Key, json: false, output => output.Contains("following", StringComparison.Ordinal), "cluster", "tail");

        Assert.Contains("node-c unreachable missed 3 heartbeats", result.Output, StringComparison.Ordinal);
        Assert.Contains("following", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterLeaveAndDown_PostToTheNamedNode()
    {
        await using var server = FakeAdminServer.WithContractState();

        var leave = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: false, "cluster", "leave", "node-b");
        var down = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: true, "cluster", "down", "node-c");
        var refused = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: false, "cluster", "down", "node-a");

        Assert.Equal(CtlExitCodes.Ok, leave.ExitCode);
        Assert.Contains("node-b is leaving", leave.Output, StringComparison.Ordinal);
        Assert.Equal(CtlExitCodes.Ok, down.ExitCode);
        Assert.Equal("down", JsonDocument.Parse(down.Output).RootElement.GetProperty("status").GetString());
        Assert.Contains("POST /admin/cluster/leave/node-b", server.Requests);
        Assert.Contains("POST /admin/cluster/down/node-c", server.Requests);
        Assert.Equal(CtlExitCodes.Failed, refused.ExitCode);
        Assert.Contains("409 node-a is still heartbeating", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardsStats_Table_PerNodeAndTotals()
    {
        await using var server = FakeAdminServer.WithContractState();

        var table = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: false, "shards", "stats");
        var json = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: true, "shards", "stats");

        Assert.Equal(CtlExitCodes.Ok, table.ExitCode);
        var rowA = Row(table.Output, "node-a");
        Assert.Contains("1,200", rowA, StringComparison.Ordinal);
        Assert.Contains("850.5", rowA, StringComparison.Ordinal);
        var total = Row(table.Output, "total");
        Assert.Contains(" 7 ", total, StringComparison.Ordinal);
        Assert.Contains("2,100", total, StringComparison.Ordinal);
        Assert.Contains("1,460.8", total, StringComparison.Ordinal);
        Assert.Equal(FakeAdminServer.Shards.Trim(), json.Output.Trim());
    }

    [Fact]
    public async Task ShardsWhere_KnownSession_NamesShardAndNode()
    {
        await using var server = FakeAdminServer.WithContractState();

        var result = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: false, "shards", "where", "sess-42");

        Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
        Assert.Contains("node-b", Row(result.Output, "node"), StringComparison.Ordinal);
        Assert.Contains("5", Row(result.Output, "shard"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionShow_KnownSession_FeaturesQHatAndPrices()
    {
        await using var server = FakeAdminServer.WithContractState();

        var table = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: false, "session", "show", "sess-42");
        var json = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: true, "session", "show", "sess-42");

        Assert.Equal(CtlExitCodes.Ok, table.ExitCode);
        Assert.Contains("session sess-42", table.Output, StringComparison.Ordinal);
        Assert.Contains("0.8123", Row(table.Output, "f_tau"), StringComparison.Ordinal);
        Assert.Contains("0.1667", Row(table.Output, "cart_to_view_ratio"), StringComparison.Ordinal);
        var product = Row(table.Output, "hotel-deluxe-01");
        Assert.Contains("2.5", product, StringComparison.Ordinal);
        Assert.Contains("151.2", product, StringComparison.Ordinal);
        Assert.Contains("event=view_item_page", table.Output, StringComparison.Ordinal);
        Assert.Equal(17, JsonDocument.Parse(json.Output).RootElement.GetProperty("last_sequence").GetInt32());
    }

    [Fact]
    public async Task SessionShow_UnknownSession_ExitNotFoundNamingNodeAndSession()
    {
        await using var server = FakeAdminServer.WithContractState();

        var result = await CtlRun.RunAsync(server.Node, FakeAdminServer.Key, json: false, "session", "show", "nobody");

        Assert.Equal(CtlExitCodes.NotFound, result.ExitCode);
        Assert.Contains($"node {server.Node}: unknown session 'nobody'", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task AnyCommand_WrongKey_ExitBadKey()
    {
        await using var server = FakeAdminServer.WithContractState();

        var result = await CtlRun.RunAsync(server.Node, "wrong", json: false, "cluster", "show");

        Assert.Equal(CtlExitCodes.BadKey, result.ExitCode);
        Assert.Contains($"node {server.Node}", result.Error, StringComparison.Ordinal);
        Assert.Contains("bad key (401", result.Error, StringComparison.Ordinal);
    }

    /// <summary>The table line holding <paramref name="cell"/> (the first one).</summary>
    internal static string Row(string output, string cell) =>
        output.Split('\n').FirstOrDefault(l => l.Contains(cell, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no line with '{cell}' in:\n{output}");
}
