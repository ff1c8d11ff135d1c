using System.Text;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Flow.Sources;
using Phantom.Streams.Generation;
using Phantom.Streams.Hosting;
using Phantom.Streams.Models;
using Phantom.Streams.Sessions;
using Phantom.Training.Registry;

namespace Phantom.Tests.Models;

/// <summary>
/// Promotion into a running pipeline: generated traffic flows through the full graph, a new detector and kernels are
/// promoted and reloaded between batches of traffic, and every price that leaves the shield stays in bounds.
/// </summary>
public sealed class LiveReloadTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-live-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task ReloadModels_WhileRunning_SessionsUseTheNewModelAndBrokenOnesAreRefused()
    {
        var options = new PhantomOptions();
        options.Pipeline.Partitions = 2;
        options.Pipeline.Stages = [.. options.Pipeline.Stages, PriceProbe.StageName];
        options.Generator.Seed = 5;
        options.Generator.Alpha = 0.3;
        options.Models.Directory = Path.Combine(_dir.FullName, "models");
        options.Models.WatchInterval = TimeSpan.Zero;
        var registry = new ModelRegistry(options.Models.Directory);
        var probe = new PriceProbe();
        var stages = PhantomRuntime.BuiltInStages().Register(PriceProbe.StageName, _ => probe);
        await using var runtime = new PhantomRuntime(options, new InMemoryDeadLetterSink(), stages: stages);
        var lines = Generate(options, runtime, 30_000);
        runtime.Start();
        var configured = runtime.Model;

        // Phase 1: the configured kernels and hand-set detector.
        await RunAsync(runtime, lines[..10_000], 10_000);
        var phase1 = probe.TakePhase();

        // Phase 2: promote swapped kernels and a detector that calls everyone an agent, and reload.
        Promote(registry, TestArtifacts.Kernels(_dir.FullName, swapped: true));
        Promote(registry, TestArtifacts.LogisticDetector(_dir.FullName, "detector-paranoid", 50, [0.0], ["total_interactions"]));
        var loaded = runtime.ReloadModels();
        await RunAsync(runtime, lines[10_000..20_000], 20_000);
        var phase2 = probe.TakePhase();
        var reloaded = runtime.Model;

        // Phase 3: promote a corrupted detector; the reload is refused and the paranoid one keeps serving.
        var broken = Promote(registry, TestArtifacts.TreesDetector(_dir.FullName));
        File.AppendAllText(Path.Combine(registry.Show($"{broken.Name}@{broken.Hash}").Directory, ArtifactFiles.DetectorTrees), "x");
        var refused = runtime.ReloadModels();
        await RunAsync(runtime, lines[20_000..], 30_000);
        var phase3 = probe.TakePhase();
        var touched = TouchedSessions(runtime, lines[20_000..]);
        await runtime.StopAsync();

        Assert.Equal(ModelReloadOutcome.Loaded, loaded.Outcome);
        Assert.NotSame(configured, reloaded);
        Assert.Equal(ModelReloadOutcome.Refused, refused.Outcome);
        Assert.Same(reloaded, runtime.Model);
        Assert.All(Enumerable.Range(0, runtime.Partitions), shard => Assert.Same(reloaded, runtime.Sessions[shard]!.Model));
        Assert.NotEmpty(touched);
        Assert.All(touched, entity => Assert.Same(reloaded, entity.Model));
        Assert.All(touched, entity => Assert.Equal(0.40, entity.Model.Human[EventName.PageView, EventName.ViewItemPage], 12));

        // The hand-set detector spreads its scores; the promoted one scores every priced session 1 from its next event on.
        Assert.True(phase1.Priced > 1_000 && phase2.Priced > 1_000 && phase3.Priced > 1_000);
        Assert.True(phase1.MinAgentProbability < 0.5, $"phase 1 min detector score {phase1.MinAgentProbability}");
        Assert.Equal(1.0, phase2.MinAgentProbability);
        Assert.Equal(1.0, phase3.MinAgentProbability);

        // Every price that left the shield, before and after the reloads, is within [floor, cap] of its base.
        foreach (var phase in new[] { phase1, phase2, phase3 })
        {
            Assert.True(phase.MinMarkup >= options.Pricing.Shield.Floor - 1e-9, $"markup {phase.MinMarkup} under the floor");
            Assert.True(phase.MaxMarkup <= options.Pricing.Shield.Cap + 1e-9, $"markup {phase.MaxMarkup} over the cap");
            Assert.True(phase.AllFinite);
        }
    }

    private static PromotionRecord Promote(ModelRegistry registry, string artifactDirectory)
    {
        var entry = registry.Register(artifactDirectory);
        return registry.Promote($"{entry.Name}@{entry.Hash}");
    }

    private static string[] Generate(PhantomOptions options, PhantomRuntime runtime, int events)
    {
        using var buffer = new MemoryStream();
        new TrafficGenerator(options, runtime.Catalog).WriteLines(buffer, events);
        return Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task RunAsync(PhantomRuntime runtime, string[] lines, long settledAfter)
    {
        await runtime.Pipeline.RunSourceAsync(MemoryRecordSource.FromJsonLines(lines));
        await runtime.WhenIdleAsync(settledAfter, CancellationToken.None);
    }

    /// <summary>Live sessions that had an event in <paramref name="lines"/> (read while the shards are idle).</summary>
    private static List<SessionEntity> TouchedSessions(PhantomRuntime runtime, string[] lines)
    {
        var touched = new List<SessionEntity>();
        foreach (var line in lines)
        {
            var id = System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("sessionId").GetString()!;
            var key = Utf8Hash.Of(Encoding.UTF8.GetBytes(id));
            for (var shard = 0; shard < runtime.Partitions; shard++)
            {
                if (runtime.Sessions[shard]!.TryGet(key, out var entity) && !touched.Contains(entity))
                {
                    touched.Add(entity);
                }
            }
        }

        return touched;
    }

    /// <summary>A stage after the shield that records what every priced event left with.</summary>
    private sealed class PriceProbe : IFlowStage
    {
        public const string StageName = "price-probe";
        private readonly Lock _gate = new();
        private Phase _phase = new();

        public string Name => StageName;

        public void Process(ref EventContext context)
        {
            if (context.Stopped || !context.Price.HasPrice)
            {
                return;
            }

            lock (_gate)
            {
                _phase.Add(context.Price);
            }
        }

        public Phase TakePhase()
        {
            lock (_gate)
            {
                var phase = _phase;
                _phase = new Phase();
                return phase;
            }
        }
    }

    private sealed class Phase
    {
        public long Priced { get; private set; }

        public double MinMarkup { get; private set; } = double.PositiveInfinity;

        public double MaxMarkup { get; private set; } = double.NegativeInfinity;

        public double MinAgentProbability { get; private set; } = double.PositiveInfinity;

        public bool AllFinite { get; private set; } = true;

        public void Add(PriceDecision price)
        {
            Priced++;
            MinMarkup = Math.Min(MinMarkup, price.Markup);
            MaxMarkup = Math.Max(MaxMarkup, price.Markup);
            MinAgentProbability = Math.Min(MinAgentProbability, price.AgentProbability);
            AllFinite &= double.IsFinite(price.Price);
        }
    }
}
