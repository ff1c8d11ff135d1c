using System.Collections.Concurrent;
using System.Text;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Events;
using Phantom.Streams.Flow.Sources;
using Phantom.Streams.Hosting;
using Phantom.Streams.Sessions;
using Phantom.Training.Replay;

namespace Phantom.Tests.Training.Replay;

/// <summary>Replay rebuilds exactly the sessions the live pipeline built, from the same bytes.</summary>
public sealed class SessionReplayerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-replay-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData(2, "30m")]
    [InlineData(3, "90s")] // short idle timeout: some sessions split on a long gap, and must split identically
    public async Task Run_GeneratedEvents_FeaturesEqualLiveEntitiesBitForBit(int partitions, string passivateAfter)
    {
        var options = ReplayTestData.Options(
            ("phantom.pipeline.partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("phantom.session.passivate-idle-after", passivateAfter),
            ("phantom.generator.seed", "21"),
            ("phantom.generator.concurrent-sessions", "300")); // few sessions at once: the stream spans enough event time for long gaps
        var path = ReplayTestData.WriteEvents(_dir.FullName, 40_000, options);
        await File.AppendAllLinesAsync(path,
        [
            "{not json",
            """{"sessionId":"s-admin","eventName":"page_view","page":"/admin/users","storeMode":"hotel","ts":"2025-11-25T20:00:00.000Z"}""",
        ]);

        var live = new LiveCollector();
        await using (var runtime = new PhantomRuntime(options, new InMemoryDeadLetterSink(), live))
        {
            runtime.Start();
            await runtime.Pipeline.RunSourceAsync(new JsonLinesFileSource(path));
            await runtime.StopAsync();
        }

        var replayed = new SessionReplayer(options, new ReplayOptions { Partitions = partitions })
            .ReplayAll(new JsonLinesReplaySource(path), out var stats);

        Assert.Equal(1, stats.Rejected);
        Assert.Equal(1, stats.Ignored);
        Assert.Equal(40_000, stats.Events);
        Assert.True(replayed.Count > 3_000, $"only {replayed.Count} sessions");
        var splits = replayed.GroupBy(s => s.SessionId).Count(g => g.Count() > 1);
        Assert.True(passivateAfter != "90s" || splits > 0, "the short idle timeout should split some sessions");
        var expected = live.Sessions.ToLookup(s => (s.Id, s.Events, s.LastEventMs));
        Assert.Equal(live.Sessions.Count, replayed.Count);
        var vectorLive = new double[SessionFeatures.Count];
        var vectorReplay = new double[SessionFeatures.Count];
        foreach (var session in replayed)
        {
            var match = Assert.Single(expected[(session.SessionId, session.Events, session.LastEventMs)]);
            Assert.Equal(match.Truth, session.Label);
            match.Features.CopyTo(vectorLive);
            session.Features.CopyTo(vectorReplay);
            for (var f = 0; f < vectorLive.Length; f++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(vectorLive[f]) == BitConverter.DoubleToInt64Bits(vectorReplay[f]),
                    $"session {session.SessionId} {SessionFeatures.FeatureNames[f]}: live {vectorLive[f]:R}, replay {vectorReplay[f]:R}");
            }
        }
    }

    [Fact]
    public void Run_WithTrajectories_StatesFollowTheEventsWithImplicitStartAndEnd()
    {
        var events = new[]
        {
            Event("a", "page_view", "2025-01-01T00:00:00.000Z"),
            Event("a", "view_item_page", "2025-01-01T00:00:02.000Z"),
            Event("b", "session_start", "2025-01-01T00:00:03.000Z"),
            Event("a", "hover_over_title", "2025-01-01T00:00:04.000Z"),
            Event("b", "search", "2025-01-01T00:00:05.000Z"),
        };

        var sessions = new SessionReplayer(ReplayTestData.Options(), new ReplayOptions { KeepTrajectories = true })
            .ReplayAll(new MemoryReplaySource(events), out _)
            .ToDictionary(s => s.SessionId);

        Assert.Equal(
            [EventName.SessionStart, EventName.PageView, EventName.ViewItemPage, EventName.HoverOverTitle, EventName.SessionEnd],
            sessions["a"].States);
        Assert.Equal([EventName.SessionStart, EventName.Search, EventName.SessionEnd], sessions["b"].States);
        Assert.Equal(3, sessions["a"].Events);
    }

    [Fact]
    public void Run_ExperimentsFile_LabelsOverrideGroundTruth()
    {
        var labels = Path.Combine(_dir.FullName, "experiments.csv");
        File.WriteAllText(labels, "experiment_id,label\nxp-1,agent\nxp-2,human\n");
        var events = new[]
        {
            Event("a", "page_view", "2025-01-01T00:00:00.000Z", "xp-1"),
            Event("b", "page_view", "2025-01-01T00:00:01.000Z", "xp-2"),
            Event("c", "page_view", "2025-01-01T00:00:02.000Z", "xp-3"),
        };

        var sessions = new SessionReplayer(ReplayTestData.Options(), new ReplayOptions { Labels = ExperimentLabels.Load(labels) })
            .ReplayAll(new MemoryReplaySource(events), out var stats)
            .ToDictionary(s => s.SessionId, s => s.Label);

        Assert.Equal(GroundTruth.Agent, sessions["a"]);
        Assert.Equal(GroundTruth.Human, sessions["b"]);
        Assert.Equal(GroundTruth.Unknown, sessions["c"]);
        Assert.Equal(1, stats.AgentSessions);
        Assert.Equal(1, stats.UnlabelledSessions);
    }

    [Fact]
    public void Run_SinceUntil_AppliesOnlyEventsInTheRange()
    {
        var events = new[]
        {
            Event("a", "page_view", "2025-01-01T00:00:00.000Z"),
            Event("a", "search", "2025-01-01T00:10:00.000Z"),
            Event("a", "page_view", "2025-01-01T00:20:00.000Z"),
        };
        var range = new ReplayOptions
        {
            Since = DateTimeOffset.Parse("2025-01-01T00:05:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Until = DateTimeOffset.Parse("2025-01-01T00:15:00Z", System.Globalization.CultureInfo.InvariantCulture),
        };

        var sessions = new SessionReplayer(ReplayTestData.Options(), range).ReplayAll(new MemoryReplaySource(events), out var stats);

        Assert.Equal(1, Assert.Single(sessions).Events);
        Assert.Equal(2, stats.OutOfRange);
    }

    [Fact]
    public void Load_UnknownLabel_NamesFileAndLine()
    {
        var labels = Path.Combine(_dir.FullName, "bad.csv");
        File.WriteAllText(labels, "xp-1,agent\nxp-2,robot\n");

        var error = Assert.Throws<InvalidDataException>(() => ExperimentLabels.Load(labels));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("robot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteThenLoad_Dataset_RoundTripsEveryDoubleExactly()
    {
        var options = ReplayTestData.Options(("phantom.generator.seed", "5"));
        var path = ReplayTestData.WriteEvents(_dir.FullName, 5_000, options);
        var sessions = new SessionReplayer(options).ReplayAll(new JsonLinesReplaySource(path), out _);
        var csv = Path.Combine(_dir.FullName, "dataset.csv");
        using (var writer = new SessionDatasetWriter(csv))
        {
            foreach (var s in sessions)
            {
                writer.Write(s);
            }
        }

        var loaded = SessionDataset.Load(csv);

        Assert.Equal(sessions.Count, loaded.Count);
        for (var r = 0; r < sessions.Count; r++)
        {
            Assert.Equal(sessions[r].SessionId, loaded.SessionIds[r]);
            Assert.Equal(sessions[r].Label, loaded.Labels[r]);
            var vector = sessions[r].Features.ToArray();
            for (var f = 0; f < vector.Length; f++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(vector[f]), BitConverter.DoubleToInt64Bits(loaded[r, f]));
            }
        }
    }

    internal static byte[] Event(string session, string name, string ts, string? experiment = null) => Encoding.UTF8.GetBytes(
        $$"""{"sessionId":"{{session}}",{{(experiment is null ? "" : $"\"experimentId\":\"{experiment}\",")}}"eventName":"{{name}}","page":"/hotel","storeMode":"hotel","ts":"{{ts}}"}""");

    private sealed class LiveCollector : ISessionObserver
    {
        public ConcurrentBag<(string Id, long Events, long LastEventMs, GroundTruth Truth, SessionFeatures Features)> Bag { get; } = [];

        public IReadOnlyCollection<(string Id, long Events, long LastEventMs, GroundTruth Truth, SessionFeatures Features)> Sessions => Bag;

        public void OnPassivated(SessionEntity session) => Bag.Add((session.SessionId, session.Sequence, session.LastEventMs, session.Truth, session.Snapshot()));
    }
}
