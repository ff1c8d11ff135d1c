using System.Globalization;
using System.Text;
using System.Text.Json;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Events;
using Phantom.Streams.Flow.Taps;
using Phantom.Streams.Hosting;

namespace Phantom.Tests.Admin;

/// <summary>
/// Attaching and detaching the operator's taps while events flow changes the running graph without losing or
/// reordering any event of a session: the real graph, many sessions from several concurrent writers, taps attached at
/// every position and detached again, and a probe after <c>session</c> that checks each session's sequence.
/// </summary>
public sealed class StageAttachOrderingTests
{
    private const int Sessions = 600;
    private const int EventsPerSession = 40;
    private const int Writers = 4;

    [Fact]
    public async Task AttachDetach_RepeatedlyWhileSessionsFlow_EverySessionCompleteAndInOrder()
    {
        var startMs = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var log = new SessionOrderProbe.Log(startMs);
        var options = new PhantomOptions();
        options.Pipeline.Partitions = 3;
        options.Pipeline.BatchSize = 16;
        options.Pipeline.Stages = ["parse", "session", SessionOrderProbe.StageName, "demand", "policy", "shield", "price-store"];
        options.Models.WatchInterval = TimeSpan.Zero;
        options.Admin.SampleEvery = 7;
        options.Admin.LogTapPerSecond = 1000;
        var stages = PhantomRuntime.BuiltInStages().Register(SessionOrderProbe.StageName, _ => new SessionOrderProbe(log));
        var deadLetters = new InMemoryDeadLetterSink();
        await using var runtime = new PhantomRuntime(options, deadLetters, stages: stages);
        var tapLog = new CountingTapLog();
        TapBoard.For(runtime.Services).Log = tapLog;
        runtime.Start();

        var positions = new string?[] { null, "parse", "session", SessionOrderProbe.StageName, "policy", "shield" };
        var taps = new[] { LoggingTapStage.StageName, SamplingStage.StageName, "shadow-static", "shadow-surge", "shadow-elasticity" };
        using var done = new CancellationTokenSource();
        var changes = 0;
        var operatorTask = Task.Run(async () =>
        {
            // Every tap goes in and out at every position, over and over, until the writers are done.
            for (var round = 0; !done.IsCancellationRequested || round < 10; round++)
            {
                var tap = taps[round % taps.Length];
                runtime.Pipeline.Attach(tap, positions[round % positions.Length]);
                changes++;
                await Task.Delay(1);
                if (round % 3 != 2)
                {
                    runtime.Pipeline.Detach(tap);
                    changes++;
                }
                else
                {
                    // Leave it a little longer, with another tap beside it, before taking both out.
                    var other = taps[(round + 1) % taps.Length];
                    runtime.Pipeline.Attach(other, tap);
                    await Task.Delay(1);
                    runtime.Pipeline.Detach(tap);
                    runtime.Pipeline.Detach(other);
                    changes += 3;
                }
            }
        });

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var writer = runtime.Pipeline.CreateWriter();
            var mine = Enumerable.Range(0, Sessions).Where(s => s % Writers == w).Select(s => $"order-{s:D4}").ToArray();
            for (var i = 0; i < EventsPerSession; i++)
            {
                foreach (var session in mine)
                {
                    var record = Event(session, startMs + (i * 1000L));
                    await writer.WriteAsync(Utf8Hash.Of(session), record, -1);
                }

                if (i % 8 == 0)
                {
                    await Task.Yield(); // let the operator interleave changes with the stream
                }
            }

            await writer.FlushAsync();
        })).ToArray();

        await Task.WhenAll(writers);
        done.Cancel();
        await operatorTask;
        Assert.True(await runtime.StopAsync());

        var metrics = runtime.Pipeline.GetMetrics();
        Assert.Equal((long)Sessions * EventsPerSession, metrics.EventsProcessed);
        Assert.Equal(0, metrics.Rejected);
        Assert.Empty(log.Violations);
        Assert.Equal(Sessions, log.Last.Count);
        Assert.All(log.Last, s => Assert.Equal(EventsPerSession, s.Value));
        Assert.True(changes >= 10, $"only {changes} graph changes happened");
        Assert.Equal(["parse", "session", SessionOrderProbe.StageName, "demand", "policy", "shield", "price-store"], runtime.Pipeline.Graph);

        // The taps really ran inside the stream (they saw some events, never all of them).
        var board = TapBoard.For(runtime.Services);
        var sampleSeen = (long)board.Summary(SamplingStage.StageName)!["seen"]!;
        Assert.InRange(sampleSeen, 0, metrics.EventsProcessed - 1);
        Assert.True(taps.Any(t => board.Summary(t) is { } s && s.TryGetValue("seen", out var seen) && (long)seen! > 0)
            || taps.Any(t => board.Summary(t) is { } s && s.TryGetValue("priced", out var priced) && (long)priced! > 0) || tapLog.Lines > 0,
            "no tap saw any event: the attaches never reached a shard");
    }

    private static byte[] Event(string session, long timestampMs) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["sessionId"] = session,
        ["eventName"] = "view_item_page",
        ["page"] = "/hotel/products/hotel-deluxe-01",
        ["productId"] = "hotel-deluxe-01",
        ["storeMode"] = "hotel",
        ["ts"] = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    }));

    private sealed class CountingTapLog : ITapLog
    {
        private long _lines;

        public long Lines => Interlocked.Read(ref _lines);

        public void Write(string category, string message) => Interlocked.Increment(ref _lines);
    }
}
