using System.Text.Json;
using Phantom.Tests.Training.Replay;
using Phantom.Training.Replay;

namespace Phantom.Tests.Cluster;

/// <summary><c>phantom replay</c>: a dataset CSV and a JSON summary from an events file; bad flags fail naming themselves.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-replay-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Replay_GeneratedFile_WritesTheDatasetAndSummary()
    {
        var events = ReplayTestData.WriteEvents(_dir.FullName, 5_000, ReplayTestData.Options());
        var dataset = Path.Combine(_dir.FullName, "out", "dataset.csv");
        var json = Path.Combine(_dir.FullName, "replay.json");

        var code = await CliTestSupport.RunAsync("replay", "--input", events, "--out", dataset, "-p", "2", "--json", json);

        Assert.Equal(0, code);
        var loaded = SessionDataset.Load(dataset);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = summary.RootElement;
        Assert.Equal(5_000, root.GetProperty("events").GetInt64());
        Assert.Equal(loaded.Count, root.GetProperty("sessions").GetInt64());
        Assert.Equal(2, root.GetProperty("partitions").GetInt32());
        Assert.True(root.GetProperty("agent_sessions").GetInt64() > 0);
        Assert.True(root.GetProperty("events_per_second").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--input")]
    [InlineData("--since")]
    public void Parse_BadFlag_ErrorNamesIt(string flag)
    {
        var errors = flag == "--input"
            ? CliTestSupport.ParseErrors("replay", "--input", "/no/such/events.jsonl", "--out", "x.csv")
            : CliTestSupport.ParseErrors("replay", "--input", typeof(ReplayCommandTests).Assembly.Location, "--out", "x.csv", "--since", "yesterday");

        Assert.Contains(flag, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoOut_IsAnError()
    {
        Assert.Contains("--out", CliTestSupport.ParseErrors("replay", "--input", typeof(ReplayCommandTests).Assembly.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_UntilBeforeSince_FailsAsBadConfigurationWritingNothing()
    {
        var events = ReplayTestData.WriteEvents(_dir.FullName, 100, ReplayTestData.Options());
        var dataset = Path.Combine(_dir.FullName, "never.csv");

        var code = await CliTestSupport.RunAsync("replay", "--input", events, "--out", dataset,
            "--since", "2025-11-26T00:00:00Z", "--until", "2025-11-25T00:00:00Z");

        Assert.Equal(2, code);
        Assert.False(File.Exists(dataset));
    }
}
