using System.Text;
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Flow.Taps;
using Phantom.Streams.Hosting;
using Phantom.Tests.Flow;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Admin;

/// <summary>The operator's taps one at a time: what they keep, count and write.</summary>
public sealed class TapStagesTests
{
    [Fact]
    public void Sampling_EveryThird_KeepsEveryThirdEventAndCountsByName()
    {
        var services = Services(new AdminOptions { SampleEvery = 3, SampleKeep = 2 });
        var stage = (SamplingStage)SamplingStage.Create(new ShardContext(0, 1, services));

        for (var i = 0; i < 10; i++)
        {
            Run(stage, $"record-{i}", EventName.Search, offset: i);
        }

        Assert.Equal(10, stage.Seen);
        Assert.Equal(3, stage.Sampled); // events 3, 6 and 9
        var recent = stage.Recent.Snapshot();
        Assert.Equal([8L, 5], recent.Select(r => r.SourceOffset)); // the newest two, newest first
        Assert.Equal("record-8", recent[0].Text());
        var summary = TapBoard.For(services).Summary(SamplingStage.StageName)!;
        Assert.Equal(3L, summary["sampled"]);
        Assert.Equal(3L, ((IDictionary<string, long>)summary["by_event"]!)["search"]);
    }

    [Fact]
    public void Sampling_LongRecord_KeepsItsStartAndMarksItTruncated()
    {
        var stage = new SamplingStage(0, new AdminOptions { SampleEvery = 1 });

        Run(stage, new string('x', 2000), EventName.PageView, offset: 1);

        var kept = stage.Recent.Snapshot().Single();
        Assert.Equal(2000, kept.Length);
        Assert.Equal(SampledRecordBytes.Size, kept.Kept);
        Assert.EndsWith("…", kept.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoggingTap_BurstFasterThanItsRate_WritesAtMostTheRateAndCountsTheRest()
    {
        var services = Services(new AdminOptions { LogTapPerSecond = 1 });
        var lines = new List<string>();
        TapBoard.For(services).Log = new ListLog(lines);
        var stage = (LoggingTapStage)LoggingTapStage.Create(new ShardContext(0, 1, services));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < 5000; i++)
        {
            Run(stage, "{}", EventName.PageView, offset: i);
        }

        var allowed = 1 + (long)Math.Ceiling(clock.Elapsed.TotalSeconds); // the bucket's one token, plus one per second
        Assert.InRange(stage.Logged, 1, allowed);
        Assert.Equal(5000, stage.Logged + stage.Suppressed);
        Assert.Equal(stage.Logged, lines.Count);
        Assert.Contains("offset 0", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void LoggingTap_NonPositiveRate_NamesTheKey()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LoggingTapStage(0, new TapBoard(), new AdminOptions { LogTapPerSecond = 0 }));

        Assert.Contains("phantom.admin.log-tap-per-second", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TapRing_MoreThanCapacity_SnapshotNewestFirstWithinCapacity()
    {
        var ring = new TapRing<int>(3);
        for (var i = 1; i <= 5; i++)
        {
            ring.Write(i);
        }

        Assert.Equal([5, 4, 3], ring.Snapshot());
        Assert.Equal(5, ring.Written);
    }

    [Fact]
    public void BuiltInStages_Taps_RegisteredByNameButNotInTheConfiguredGraph()
    {
        var names = PhantomRuntime.BuiltInStages().Names;

        Assert.Contains(LoggingTapStage.StageName, names);
        Assert.Contains(SamplingStage.StageName, names);
        Assert.All(Streams.Pricing.PolicyRegistry.Names, p => Assert.Contains("shadow-" + p, names));
        Assert.DoesNotContain(SamplingStage.StageName, new PhantomOptions().Pipeline.Stages);
    }

    [Theory]
    [InlineData(SamplingStage.StageName)]
    [InlineData(LoggingTapStage.StageName)]
    [InlineData("shadow-static")]
    [InlineData("shadow-elasticity")]
    public async Task Process_SteadyState_AllocatesNothingPerEvent(string name)
    {
        var options = new PhantomOptions();
        options.Pipeline.Partitions = 1;
        options.Admin.SampleEvery = 10;
        options.Models.WatchInterval = TimeSpan.Zero;
        await using var runtime = new PhantomRuntime(options, new Streams.DeadLetters.InMemoryDeadLetterSink());
        var stage = PhantomRuntime.BuiltInStages().Resolve(name)(new ShardContext(0, 1, runtime.Services));
        var session = new Streams.Sessions.SessionEntity(Utf8Hash.Of("alloc"), "alloc", runtime.Model);
        var record = Encoding.UTF8.GetBytes("{\"sessionId\":\"alloc\",\"eventName\":\"view_item_page\"}");
        var product = runtime.Catalog[0];

        void RunMany(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var context = new EventContext
                {
                    Record = record,
                    SourceOffset = i,
                    Session = session,
                    Price = new PriceDecision { ProductIndex = product.Index, BasePrice = product.BasePrice, Price = product.BasePrice * 1.1, AgentProbability = (i % 10) / 10.0 },
                };
                context.Event.Name = EventName.ViewItemPage;
                context.Event.ProductIndex = product.Index;
                stage.Process(ref context);
            }
        }

        RunMany(2000); // warm-up: JIT, tiering
        var allocated = SteadyStateAllocations.Least(() => RunMany(20_000), rounds: 3);

        Assert.Equal(0, allocated);
        var summary = TapBoard.For(runtime.Services).Summary(name)!;
        Assert.Equal(2_000L + (4 * 20_000), summary.TryGetValue("priced", out var priced) ? priced : summary["seen"]); // it did its work on every event
    }

    private static PipelineServices Services(AdminOptions admin) =>
        new(new PhantomOptions { Admin = admin }, new ProductCatalog(new CatalogOptions()), new CollectingDeadLetterSink());

    private static void Run(IFlowStage stage, string record, EventName name, long offset)
    {
        var context = new EventContext { Record = Encoding.UTF8.GetBytes(record), SourceOffset = offset, Price = PriceDecision.None };
        context.Event.Name = name;
        stage.Process(ref context);
    }

    private sealed class ListLog(List<string> lines) : ITapLog
    {
        public void Write(string category, string message) => lines.Add(message);
    }
}
