using System.Net;
using System.Text.Json;
using Phantom.Cluster.Admin;
using Phantom.Tests.Http;
using Phantom.Tests.Models;
using Phantom.Training.Registry;

namespace Phantom.Tests.Admin;

/// <summary>The node-local admin routes (docs/ADMIN-API.md) on a running node: shapes, errors, and their effects.</summary>
public sealed class AdminRoutesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-admin-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Stages_Configured_ListsGraphInOrderAndAttachableTaps()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        var body = await GetAsync(harness, "/admin/stages");

        var names = body.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(harness.Node.Runtime.Pipeline.Graph, names);
        Assert.Equal(Enumerable.Range(0, names.Length), body.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("position").GetInt32()));
        Assert.All(body.GetProperty("stages").EnumerateArray(), s => Assert.True(s.TryGetProperty("p99_ms", out _) && s.TryGetProperty("events", out _)));
        var available = body.GetProperty("available").EnumerateArray().Select(a => a.GetString()).ToArray();
        Assert.Contains("log-tap", available);
        Assert.Contains("sample", available);
        Assert.Contains("shadow-static", available);
        Assert.DoesNotContain("parse", available);
    }

    [Fact]
    public async Task Attach_ThenDetach_GraphChangesLogRecordsItAndEventFires()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var changes = new List<StageChange>();
        harness.Node.Admin.Stages.StageChanged += changes.Add;

        using var attached = await harness.PostAsync("/admin/stages/attach", """{"name":"sample","after":"shield"}""");
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        var body = await NodeHarness.JsonOf(attached);
        Assert.Equal("stage-attached", body.GetProperty("kind").GetString());
        var graph = harness.Node.Runtime.Pipeline.Graph.ToList();
        Assert.Equal(graph.IndexOf("shield") + 1, graph.IndexOf("sample"));
        Assert.Equal(graph, body.GetProperty("graph").EnumerateArray().Select(g => g.GetString()!));

        using var detached = await harness.PostAsync("/admin/stages/detach", """{"name":"sample"}""");
        Assert.Equal(HttpStatusCode.OK, detached.StatusCode);
        Assert.DoesNotContain("sample", harness.Node.Runtime.Pipeline.Graph);

        Assert.Equal([StageChange.Attached, StageChange.Detached], changes.Select(c => c.Kind));
        Assert.All(changes, c => Assert.Equal("sample", c.Stage));
        var log = await GetAsync(harness, "/admin/log?after=0&limit=100");
        var messages = log.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("message").GetString()!).ToArray();
        Assert.Contains(messages, m => m.StartsWith("attached sample after shield", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("detached sample", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/admin/stages/attach", """{"name":"no-such-stage"}""", HttpStatusCode.NotFound)]
    [InlineData("/admin/stages/attach", """{"name":"parse"}""", HttpStatusCode.Conflict)]
    [InlineData("/admin/stages/attach", """{"name":"sample","after":"nope"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/admin/stages/attach", """{}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/admin/stages/attach", """not json""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/admin/stages/detach", """{"name":"sample"}""", HttpStatusCode.NotFound)]
    [InlineData("/admin/stages/detach", """{"name":"session"}""", HttpStatusCode.Conflict)]
    public async Task StageChange_BadRequest_AnswersContractErrorNamingTheNode(string route, string body, HttpStatusCode expected)
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var before = harness.Node.Runtime.Pipeline.Graph.ToArray();

        using var response = await harness.PostAsync(route, body);

        Assert.Equal(expected, response.StatusCode);
        var error = await NodeHarness.JsonOf(response);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));
        Assert.Equal(harness.Node.Admin.NodeId, error.GetProperty("node").GetString());
        Assert.Equal(before, harness.Node.Runtime.Pipeline.Graph);
    }

    [Theory]
    [InlineData("/admin/stages")]
    [InlineData("/admin/log")]
    [InlineData("/admin/metrics")]
    public async Task AdminRoute_WithoutKey_Unauthorized(string route)
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.Client.GetAsync(route);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterIngest_CountsEventsSessionsAndStages()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        for (var i = 0; i < 5; i++)
        {
            using var posted = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event($"metrics-{i}"));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        await harness.WaitForQuoteAsync("metrics-4", "hotel-deluxe-01");
        await WaitUntilAsync(() => harness.Node.Runtime.Pipeline.GetMetrics().Completed >= 5);

        var body = await GetAsync(harness, "/admin/metrics");

        Assert.Equal(5, body.GetProperty("events").GetInt64());
        Assert.Equal(0, body.GetProperty("rejected").GetInt64());
        Assert.Equal(5, body.GetProperty("live_sessions").GetInt64());
        Assert.True(body.GetProperty("events_per_second").GetDouble() >= 0);
        Assert.Equal(5, body.GetProperty("stages").GetProperty("session").GetProperty("events").GetInt64());
        Assert.True(body.GetProperty("latency_ms").TryGetProperty("p99", out _));
        Assert.Equal(2, body.GetProperty("shards").GetArrayLength());
        Assert.Equal("session-aware", body.GetProperty("pricing").GetProperty("policy").GetString());
    }

    [Fact]
    public async Task ShadowPolicy_Attached_SummaryShowsShadowBesideServedWithoutChangingServedPrices()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        using var attached = await harness.PostAsync("/admin/stages/attach", """{"name":"shadow-static"}""");
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        for (var i = 0; i < 4; i++)
        {
            using var posted = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event($"shadow-{i}"));
        }

        await WaitUntilAsync(() => harness.Node.Runtime.Pipeline.GetMetrics().Completed >= 4);
        var stages = await GetAsync(harness, "/admin/stages");
        var summary = stages.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "shadow-static").GetProperty("summary");
        var metrics = await GetAsync(harness, "/admin/metrics");

        Assert.Equal("static", summary.GetProperty("policy").GetString());
        Assert.Equal("session-aware", summary.GetProperty("served_policy").GetString());
        Assert.Equal(4, summary.GetProperty("priced").GetInt64());
        Assert.Equal(140.0, summary.GetProperty("mean_shadow").GetDouble(), 3); // static = the base price of hotel-deluxe-01
        Assert.Equal(4, summary.GetProperty("recent").GetArrayLength());
        Assert.Equal(4, metrics.GetProperty("taps").GetProperty("shadow-static").GetProperty("priced").GetInt64());
        Assert.True(harness.Node.Runtime.Catalog.TryGet("hotel-deluxe-01", out var product));
        Assert.True(harness.Node.HotStore.TryGetSessionPrice("shadow-0", product.Index, out var served));
        Assert.Equal(summary.GetProperty("mean_served").GetDouble(), Math.Round(served.Price, 4), 2);
    }

    [Fact]
    public async Task Log_PagedWithAfterAndLimit_OldestFirstAndLastReported()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        for (var i = 0; i < 5; i++)
        {
            harness.Node.Admin.Log.Info("test", $"line {i}");
        }

        var all = await GetAsync(harness, "/admin/log?after=0&limit=1000");
        var last = all.GetProperty("last").GetInt64();
        var page = await GetAsync(harness, $"/admin/log?after={last - 3}&limit=2");

        var seqs = page.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal([last - 2, last - 1], seqs);
        Assert.Equal(last, page.GetProperty("last").GetInt64());
        var newest = all.GetProperty("lines").EnumerateArray().Last();
        Assert.Equal("line 4", newest.GetProperty("message").GetString());
        Assert.Equal("information", newest.GetProperty("level").GetString());
        Assert.Equal("test", newest.GetProperty("category").GetString());
        Assert.True(DateTime.TryParse(newest.GetProperty("at").GetString(), out _));
        using var bad = await harness.Client.SendAsync(Get("/admin/log?after=x"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
    }

    [Fact]
    public async Task Promote_RegisteredKernels_PromotesAndReloadsAtOnce()
    {
        var root = Path.Combine(_dir.FullName, "registry");
        var registry = new ModelRegistry(root);
        var entry = registry.Register(TestArtifacts.Kernels(_dir.FullName));
        await using var harness = await NodeHarness.StartAsync(redis: null, models: root);

        using var response = await harness.PostAsync("/admin/models/promote", JsonSerializer.Serialize(new { kind = "kernels", name = entry.Name, version = entry.ShortHash }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await NodeHarness.JsonOf(response);
        Assert.Equal(entry.Hash, body.GetProperty("promoted").GetProperty("hash").GetString());
        Assert.Equal("loaded", body.GetProperty("reload").GetProperty("outcome").GetString());
        Assert.Equal(entry.Reference, harness.Node.Runtime.Models.Served.Kernels?.Reference);
        Assert.Equal(entry.Hash, registry.Promoted(ModelKind.Kernels).Current?.Hash);
        using var models = await harness.Client.GetAsync("/models");
        var listed = (await NodeHarness.JsonOf(models)).GetProperty("models").EnumerateArray().Single();
        Assert.Equal(entry.Name, listed.GetProperty("name").GetString());
        Assert.True(listed.GetProperty("promoted").GetBoolean());
    }

    [Theory]
    [InlineData("""{"name":"missing"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"kind":"gizmo","name":"x"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"kind":"detector","name":"KERNELS"}""", HttpStatusCode.UnprocessableEntity)]
    public async Task Promote_BadRequest_RefusedAndNothingPromoted(string template, HttpStatusCode expected)
    {
        var root = Path.Combine(_dir.FullName, "registry");
        var registry = new ModelRegistry(root);
        var entry = registry.Register(TestArtifacts.Kernels(_dir.FullName));
        await using var harness = await NodeHarness.StartAsync(redis: null, models: root);

        using var response = await harness.PostAsync("/admin/models/promote", template.Replace("KERNELS", entry.Name, StringComparison.Ordinal));

        Assert.Equal(expected, response.StatusCode);
        Assert.Null(registry.Promoted(ModelKind.Kernels).Current);
    }

    internal static HttpRequestMessage Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Phantom-Key", NodeHarness.Key);
        return request;
    }

    private static async Task<JsonElement> GetAsync(NodeHarness harness, string path)
    {
        using var response = await harness.Client.SendAsync(Get(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await NodeHarness.JsonOf(response);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the node did not get there within 15 s");
            await Task.Delay(10);
        }
    }
}
