using System.Text.Json;
using Phantom.Cluster;
using Phantom.Cluster.Demo;
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;

namespace Phantom.Tests.Cluster;

/// <summary>The demo end to end, in process: generated traffic and files through the whole graph to the summary.</summary>
public sealed class DemoRunnerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-demo-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Run_GeneratedTraffic_WritesEverySummaryField()
    {
        var json = new FileInfo(Path.Combine(_dir.FullName, "out.json"));
        var code = await new DemoRunner(new DemoRequest { Events = 60_000, Alpha = 0.3, Seed = 7, Partitions = 2, Json = json, Quiet = true })
            .RunAsync(CancellationToken.None);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json.FullName));
        var root = document.RootElement;
        foreach (var field in new[]
                 {
                     "events", "rejected", "sessions", "events_per_second", "latency_p50_ms", "latency_p99_ms", "agent_auc",
                     "detector_auc", "mean_price_human", "mean_price_agent", "coi_level",
                 })
        {
            Assert.True(root.TryGetProperty(field, out _), $"summary lacks '{field}'");
        }

        Assert.Equal(60_000, root.GetProperty("events").GetInt64());
        Assert.Equal(0, root.GetProperty("rejected").GetInt64());
        Assert.True(root.GetProperty("sessions").GetInt64() > 1_000);
        Assert.InRange(root.GetProperty("agent_share_true").GetDouble(), 0.25, 0.35);
        Assert.True(root.GetProperty("agent_auc").GetDouble() >= 0.60, "f(τ) alone should separate at least weakly");
        Assert.True(root.GetProperty("detector_auc").GetDouble() > root.GetProperty("agent_auc").GetDouble());
        Assert.True(root.GetProperty("priced_events").GetInt64() > 0);
        Assert.True(double.IsFinite(root.GetProperty("mean_price_human").GetDouble()));
        Assert.True(double.IsFinite(root.GetProperty("mean_price_agent").GetDouble()));
        Assert.True(root.GetProperty("coi_level").GetDouble() > 0);
    }

    [Fact]
    public async Task Run_SameSeedTwice_GivesTheSameNumbers()
    {
        var first = await RunAsync(seed: 11, partitions: 2);
        var second = await RunAsync(seed: 11, partitions: 2);
        var other = await RunAsync(seed: 12, partitions: 2);

        Assert.Equal(WithoutTimings(first), WithoutTimings(second));
        Assert.NotEqual(WithoutTimings(first), WithoutTimings(other));
    }

    [Fact]
    public async Task Run_InputFileWithBadLines_RejectsOnlyTheBadOnes()
    {
        var options = PhantomConfiguration.Load("embedded");
        var path = Path.Combine(_dir.FullName, "events.jsonl");
        TrafficGenerator.WriteFile(path, 5_000, options, new ProductCatalog(options.Catalog));
        await File.AppendAllLinesAsync(path,
        [
            "{not json",
            """{"sessionId":"s1","eventName":"teleport","page":"/","storeMode":"hotel"}""",
            """{"eventName":"page_view","page":"/","storeMode":"hotel"}""",
            """{"sessionId":"s2","eventName":"page_view","page":"/admin/users","storeMode":"hotel"}""",
        ]);
        var json = new FileInfo(Path.Combine(_dir.FullName, "file.json"));

        var code = await new DemoRunner(new DemoRequest { Input = new FileInfo(path), Partitions = 2, Json = json, Quiet = true })
            .RunAsync(CancellationToken.None);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json.FullName));
        Assert.Equal(5_004, document.RootElement.GetProperty("events").GetInt64());
        Assert.Equal(3, document.RootElement.GetProperty("rejected").GetInt64());
        Assert.Equal(1, document.RootElement.GetProperty("ignored").GetInt64());
    }

    [Theory]
    [InlineData("demo --alpha 2", "--alpha")]
    [InlineData("demo --events 0", "--events")]
    [InlineData("demo --input /no/such/file.jsonl", "--input")]
    [InlineData("demo --policy nonsense", "nonsense")]
    public async Task Main_BadFlag_FailsFastNamingIt(string args, string named)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var originalOut = System.Console.Out;
        var originalError = System.Console.Error;
        System.Console.SetOut(output);
        System.Console.SetError(error);
        int code;
        try
        {
            code = await Program.Main(args.Split(' '));
        }
        finally
        {
            System.Console.SetOut(originalOut);
            System.Console.SetError(originalError);
        }

        Assert.NotEqual(0, code);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    private async Task<DemoSummary> RunAsync(long seed, int partitions)
    {
        var json = new FileInfo(Path.Combine(_dir.FullName, $"run-{Guid.NewGuid():N}.json"));
        var code = await new DemoRunner(new DemoRequest { Events = 40_000, Alpha = 0.3, Seed = seed, Partitions = partitions, Json = json, Quiet = true })
            .RunAsync(CancellationToken.None);
        Assert.Equal(0, code);
        return JsonSerializer.Deserialize<DemoSummary>(await File.ReadAllTextAsync(json.FullName), new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        })!;
    }

    private static DemoSummary WithoutTimings(DemoSummary s) =>
        s with { ElapsedSeconds = 0, EventsPerSecond = 0, LatencyP50Ms = 0, LatencyP99Ms = 0 };
}
