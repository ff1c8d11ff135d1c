using System.Net;
using System.Text.Json;
using Phantom.Cluster.Ctl;
using Phantom.Tests.Admin;
using Phantom.Tests.Http;
using Phantom.Tests.Models;
using Phantom.Training.Registry;

namespace Phantom.Tests.Ctl;

/// <summary>The node-local ctl commands (<c>stages</c>, <c>log</c>, <c>metrics</c>, <c>models</c>) against a running node.</summary>
public sealed class CtlNodeCommandsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-ctl-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task StagesList_Json_EqualsTheNodesGraphAndAvailableStages()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        var result = await Ctl(harness, json: true, "stages", "list");

        Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
        var body = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(harness.Node.Runtime.Pipeline.Graph, body.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
        Assert.Equal(harness.Node.Admin.Stages.Available, body.GetProperty("available").EnumerateArray().Select(s => s.GetString()!));
    }

    [Fact]
    public async Task StagesAttachListDetach_Table_ChangesTheRunningGraphAndShowsTapSummary()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        var attach = await Ctl(harness, json: false, "stages", "attach", "sample", "shield");
        using (var posted = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event("ctl-stage")))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        await AdminRoutesTests.WaitUntilAsync(() => harness.Node.Runtime.Pipeline.GetMetrics().Completed >= 1);
        var list = await Ctl(harness, json: false, "stages", "list");
        var detach = await Ctl(harness, json: false, "stages", "detach", "sample");

        Assert.Equal(CtlExitCodes.Ok, attach.ExitCode);
        Assert.Contains("attached sample", attach.Output, StringComparison.Ordinal);
        Assert.Contains("shield → sample", attach.Output, StringComparison.Ordinal);
        Assert.Equal(CtlExitCodes.Ok, list.ExitCode);
        var sampleRow = CtlRun.Row(list.Output, "│ sample");
        Assert.Contains("attached", sampleRow, StringComparison.Ordinal);
        Assert.Contains(" 1 ", sampleRow, StringComparison.Ordinal); // the event went through it
        Assert.Contains("every", list.Output, StringComparison.Ordinal);
        Assert.Contains("available to attach: log-tap", list.Output, StringComparison.Ordinal);
        Assert.Equal(CtlExitCodes.Ok, detach.ExitCode);
        Assert.DoesNotContain("sample", harness.Node.Runtime.Pipeline.Graph);
    }

    [Fact]
    public async Task StagesAttach_UnknownStage_ExitNotFoundWithTheNodesReason()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        var result = await Ctl(harness, json: false, "stages", "attach", "warp-drive");

        Assert.Equal(CtlExitCodes.NotFound, result.ExitCode);
        Assert.Contains($"node {Node(harness)}: unknown stage 'warp-drive'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StagesDetach_ConfiguredStage_ExitFailedWithConflict()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        var result = await Ctl(harness, json: false, "stages", "detach", "session");

        Assert.Equal(CtlExitCodes.Failed, result.ExitCode);
        Assert.Contains("409", result.Error, StringComparison.Ordinal);
        Assert.Contains("session", harness.Node.Runtime.Pipeline.Graph);
    }

    [Fact]
    public async Task LogPeek_TableAndJson_ShowTheNodesNewestLines()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        harness.Node.Admin.Log.Warn("test", "disk nearly full");

        var table = await Ctl(harness, json: false, "log", "peek", "5");
        var json = await Ctl(harness, json: true, "log", "peek");

        Assert.Equal(CtlExitCodes.Ok, table.ExitCode);
        Assert.Contains("warning", CtlRun.Row(table.Output, "disk nearly full"), StringComparison.Ordinal);
        var lines = JsonDocument.Parse(json.Output).RootElement.GetProperty("lines").EnumerateArray().ToArray();
        Assert.Equal(harness.Node.Admin.Log.Last, lines[^1].GetProperty("seq").GetInt64());
        Assert.Contains(lines, l => l.GetProperty("message").GetString()!.StartsWith("node starting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LogTail_LineWrittenWhileFollowing_IsPrinted()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        harness.Node.Admin.Log.Info("test", "before the tail");
        var written = false;

        var result = await CtlRun.FollowAsync(Node(harness), NodeHarness.Key, json: true, output =>
        {
            // Once the backlog is out, write a line and wait for the tail to print it.
            if (!written && output.Contains("before the tail", StringComparison.Ordinal))
            {
                harness.Node.Admin.Log.Info("test", "while following");
                written = true;
            }

            return output.Contains("while following", StringComparison.Ordinal);
        }, "log", "tail");

        Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
        var messages = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("message").GetString()).ToArray();
        Assert.Contains("before the tail", messages);
        Assert.Contains("while following", messages);
        Assert.Equal(messages.Length, messages.Distinct().Count());
    }

    [Fact]
    public async Task Metrics_JsonAndTable_MatchTheNodesCounters()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        for (var i = 0; i < 3; i++)
        {
            using var posted = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event($"ctl-metrics-{i}"));
        }

        await AdminRoutesTests.WaitUntilAsync(() => harness.Node.Runtime.Pipeline.GetMetrics().Completed >= 3);

        var json = await Ctl(harness, json: true, "metrics");
        var table = await Ctl(harness, json: false, "metrics");

        var body = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(harness.Node.Runtime.Pipeline.GetMetrics().EventsProcessed, body.GetProperty("events").GetInt64());
        Assert.Equal(harness.Node.Runtime.LiveSessions, body.GetProperty("live_sessions").GetInt64());
        Assert.Contains(" 3 ", CtlRun.Row(table.Output, "live sessions"), StringComparison.Ordinal);
        Assert.Contains("session-aware", CtlRun.Row(table.Output, "pricing policy"), StringComparison.Ordinal);
        Assert.Contains("price-store", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsListAndPromote_RegisteredKernels_PromotedAndServed()
    {
        var root = Path.Combine(_dir.FullName, "registry");
        var registry = new ModelRegistry(root);
        var entry = registry.Register(TestArtifacts.Kernels(_dir.FullName));
        await using var harness = await NodeHarness.StartAsync(redis: null, models: root);

        var before = await Ctl(harness, json: false, "models", "list");
        var promote = await Ctl(harness, json: false, "models", "promote", $"{entry.Name}@{entry.ShortHash}", "kernels");
        var after = await Ctl(harness, json: true, "models", "list");

        Assert.Equal(CtlExitCodes.Ok, before.ExitCode);
        Assert.DoesNotContain("promoted", CtlRun.Row(before.Output, entry.ShortHash), StringComparison.Ordinal);
        Assert.Equal(CtlExitCodes.Ok, promote.ExitCode);
        Assert.Contains($"promoted {entry.Name}@{entry.ShortHash} (kernels)", promote.Output, StringComparison.Ordinal);
        Assert.Equal(entry.Reference, harness.Node.Runtime.Models.Served.Kernels?.Reference);
        var body = JsonDocument.Parse(after.Output).RootElement;
        Assert.Equal(entry.Reference, body.GetProperty("kernels").GetString());
        Assert.True(body.GetProperty("models").EnumerateArray().Single().GetProperty("promoted").GetBoolean());
    }

    [Fact]
    public async Task ModelsPromote_UnknownModel_ExitNotFound()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null, models: Path.Combine(_dir.FullName, "empty"));

        var result = await Ctl(harness, json: false, "models", "promote", "ghost");

        Assert.Equal(CtlExitCodes.NotFound, result.ExitCode);
        Assert.Contains("unknown model 'ghost'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_MissingKey_ExitBadKeyNamingTheNode()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        var result = await CtlRun.RunAsync(Node(harness), key: null, json: false, "metrics");

        Assert.Equal(CtlExitCodes.BadKey, result.ExitCode);
        Assert.Contains($"node {Node(harness)}: bad key (401", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_NothingListening_ExitUnreachable()
    {
        var node = ClosedPort();

        var result = await CtlRun.RunAsync(node, "k", json: false, "metrics");

        Assert.Equal(CtlExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"node {node}: unreachable (connection refused)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_AnswerNotJson_ExitFailedNamingNodeAndRoute()
    {
        await using var server = new MisbehavingServer(200, "<html>a login page</html>");

        var result = await CtlRun.RunAsync(server.Node, "k", json: true, "shards", "stats");

        Assert.Equal(CtlExitCodes.Failed, result.ExitCode);
        Assert.Contains($"node {server.Node}: GET /admin/shards did not answer JSON", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task AnyCommand_ServerErrorWithoutBody_ExitFailedWithTheStatus()
    {
        await using var server = new MisbehavingServer(503, "");

        var result = await CtlRun.RunAsync(server.Node, "k", json: false, "cluster", "show");

        Assert.Equal(CtlExitCodes.Failed, result.ExitCode);
        Assert.Contains($"node {server.Node}: 503 Service Unavailable", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_RouteMissing_ExitNotFoundAskingAboutTheVersion()
    {
        await using var server = new MisbehavingServer(404, "");

        var result = await CtlRun.RunAsync(server.Node, "k", json: false, "shards", "where", "s-1");

        Assert.Equal(CtlExitCodes.NotFound, result.ExitCode);
        Assert.Contains($"node {server.Node}: no such route /admin/shards/where/s-1 (is this a phantom node of this version?)", result.Error, StringComparison.Ordinal);
    }

    /// <summary><c>127.0.0.1:port</c> where nothing listens (a port just released).</summary>
    internal static string ClosedPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"127.0.0.1:{port}";
    }

    [Theory]
    [InlineData(new[] { "warp" }, "unknown command 'warp'")]
    [InlineData(new[] { "stages" }, "stages needs a subcommand: stages list|attach|detach")]
    [InlineData(new[] { "stages", "attach" }, "usage: stages attach <name> [after]")]
    [InlineData(new[] { "metrics", "extra" }, "usage: metrics")]
    [InlineData(new[] { "log", "peek", "-3" }, "count must be a positive number")]
    public async Task BadUsage_NothingSent_ExitUsage(string[] words, string message)
    {
        // Nothing listens on the node given: a command that sent anything would exit Unreachable, not Usage.
        var result = await CtlRun.RunAsync(ClosedPort(), "k", false, words);

        Assert.Equal(CtlExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:5000", "localhost:5000")]
    [InlineData("http://127.0.0.1:5001/", "127.0.0.1:5001")]
    public void Normalize_HostPortOrUrl_HostPort(string given, string expected) => Assert.Equal(expected, CtlClient.Normalize(given));

    [Fact]
    public void Normalize_NotHostPort_UsageErrorNamingTheFlag()
    {
        var error = Assert.Throws<CtlException>(() => CtlClient.Normalize("ftp://x/y"));

        Assert.Equal(CtlExitCodes.Usage, error.ExitCode);
        Assert.Contains("--node", error.Message, StringComparison.Ordinal);
    }

    internal static string Node(NodeHarness harness) => new Uri(harness.Node.Http.BoundUrls[0]).Authority;

    private static Task<CtlResult> Ctl(NodeHarness harness, bool json, params string[] words) =>
        CtlRun.RunAsync(Node(harness), NodeHarness.Key, json, words);
}
