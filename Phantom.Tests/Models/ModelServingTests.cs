using Phantom.Streams.Agents;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Models;
using Phantom.Streams.Sessions;
using Phantom.Tests.Sessions;
using Phantom.Training.Registry;

namespace Phantom.Tests.Models;

public sealed class ModelServingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-serving-");

    public ModelServingTests()
    {
        Options = new PhantomOptions { Models = { Directory = Path.Combine(_dir.FullName, "models"), WatchInterval = TimeSpan.Zero } };
        Registry = new ModelRegistry(Options.Models.Directory);
    }

    private PhantomOptions Options { get; }

    private ModelRegistry Registry { get; }

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Create_NothingPromoted_ServesTheConfiguredModel()
    {
        using var serving = new ModelServing(Options, new SessionTableDirectory(1));

        Assert.IsType<LiveDetector>(serving.Current.Detector);
        Assert.Equal(PromotedState.None, serving.Served);
        Assert.Equal(0.55, serving.Current.Human[EventName.PageView, EventName.ViewItemPage], 12);
    }

    [Fact]
    public void Create_WithPromotions_StartsOnThePromotedModels()
    {
        Promote(TestArtifacts.TreesDetector(_dir.FullName));

        using var serving = new ModelServing(Options, new SessionTableDirectory(1));

        Assert.IsType<TreeEnsembleScorer>(serving.Current.Detector);
        Assert.NotNull(serving.Served.Detector);
    }

    [Fact]
    public void Reload_AfterPromotion_SwapsTheNewModelIntoEveryTable()
    {
        var tables = new SessionTableDirectory(2);
        using var serving = new ModelServing(Options, tables);
        var first = new SessionTable(serving.Current);
        var second = new SessionTable(serving.Current);
        tables.Register(0, first);
        tables.Register(1, second);
        var kernels = Promote(TestArtifacts.Kernels(_dir.FullName, swapped: true));
        var detector = Promote(TestArtifacts.TreesDetector(_dir.FullName));

        var result = serving.Reload();

        Assert.Equal(ModelReloadOutcome.Loaded, result.Outcome);
        Assert.Same(serving.Current, first.Model);
        Assert.Same(serving.Current, second.Model);
        Assert.Equal(0.40, serving.Current.Human[EventName.PageView, EventName.ViewItemPage], 12);
        Assert.IsType<TreeEnsembleScorer>(serving.Current.Detector);
        Assert.Equal(kernels.Hash, serving.Served.Kernels!.Hash);
        Assert.Equal(detector.Hash, serving.Served.Detector!.Hash);
    }

    [Fact]
    public void Reload_SwappedKernels_FlipsTheAgentProbabilityOfARebindingSession()
    {
        using var serving = new ModelServing(Options, new SessionTableDirectory(1));
        var entity = new SessionEntity(1, "s1", serving.Current);
        var t = TestEvents.T0;
        foreach (var name in new[] { EventName.PageView, EventName.ViewItemPage, EventName.LearnMoreAboutItem, EventName.ViewItemPage, EventName.AddItemToCart })
        {
            var e = TestEvents.Make(name, t += 4_000, product: 1);
            entity.Apply(in e);
        }

        var before = entity.AgentProbability;
        Promote(TestArtifacts.Kernels(_dir.FullName, swapped: true));
        serving.Reload();
        entity.Rebind(serving.Current);

        // Exchanging the reference kernels exchanges Δ_H and Δ_A, so f = σ(Δ_H − Δ_A) becomes 1 − f.
        Assert.NotEqual(0.5, before, 6);
        Assert.Equal(1 - before, entity.AgentProbability, 12);
    }

    [Fact]
    public void Reload_CorruptedPromotedArtifact_IsRefusedAndTheServedModelStays()
    {
        var tables = new SessionTableDirectory(1);
        var good = Promote(TestArtifacts.TreesDetector(_dir.FullName, seed: 1));
        using var serving = new ModelServing(Options, tables);
        var table = new SessionTable(serving.Current);
        tables.Register(0, table);
        var served = serving.Current;
        var bad = Promote(TestArtifacts.TreesDetector(_dir.FullName, seed: 2));
        var file = Path.Combine(Registry.Show($"{bad.Name}@{bad.Hash}").Directory, ArtifactFiles.DetectorTrees);
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var result = serving.Reload();

        Assert.Equal(ModelReloadOutcome.Refused, result.Outcome);
        Assert.Contains("corrupted", result.Message);
        Assert.Same(served, serving.Current);
        Assert.Same(served, table.Model);
        Assert.Equal(good.Hash, serving.Served.Detector!.Hash);
    }

    [Fact]
    public void Reload_PromotedArtifactDeleted_IsRefusedNamingIt()
    {
        using var serving = new ModelServing(Options, new SessionTableDirectory(1));
        var record = Promote(TestArtifacts.Kernels(_dir.FullName));
        Directory.Delete(Registry.Show($"{record.Name}@{record.Hash}").Directory, recursive: true);

        var result = serving.Reload();

        Assert.Equal(ModelReloadOutcome.Refused, result.Outcome);
        Assert.Contains("missing", result.Message);
        Assert.Equal(PromotedState.None, serving.Served);
    }

    [Fact]
    public void Poll_PointersUnchanged_DoesNotRebuild()
    {
        Promote(TestArtifacts.Kernels(_dir.FullName));
        using var serving = new ModelServing(Options, new SessionTableDirectory(1));
        var model = serving.Current;

        var result = serving.Poll();

        Assert.Equal(ModelReloadOutcome.Unchanged, result.Outcome);
        Assert.Same(model, serving.Current);
    }

    [Fact]
    public void Poll_AfterARefusal_WaitsForTheNextPromotion()
    {
        using var serving = new ModelServing(Options, new SessionTableDirectory(1));
        var broken = Promote(TestArtifacts.Kernels(_dir.FullName, seed: 1));
        File.AppendAllText(Path.Combine(Registry.Show($"{broken.Name}@{broken.Hash}").Directory, ArtifactFiles.Kernels), " ");
        var refused = serving.Poll();
        var again = serving.Poll();
        Promote(TestArtifacts.Kernels(_dir.FullName, swapped: true, seed: 2));

        var fixedUp = serving.Poll();

        Assert.Equal(ModelReloadOutcome.Refused, refused.Outcome);
        Assert.Equal(ModelReloadOutcome.Unchanged, again.Outcome);
        Assert.Equal(ModelReloadOutcome.Loaded, fixedUp.Outcome);
    }

    [Fact]
    public void Poll_MalformedPointer_IsRefusedOnceThenQuiet()
    {
        using var serving = new ModelServing(Options, new SessionTableDirectory(1));
        var model = serving.Current;
        var pointer = RegistryLayout.PointerOf(Options.Models.Directory, ModelKinds.Detector);
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        File.WriteAllText(pointer, "{ torn");

        var first = serving.Poll();
        var second = serving.Poll();

        Assert.Equal(ModelReloadOutcome.Refused, first.Outcome);
        Assert.Contains("malformed", first.Message);
        Assert.Equal(ModelReloadOutcome.Unchanged, second.Outcome);
        Assert.Same(model, serving.Current);
    }

    [Fact]
    public async Task Watch_Promotion_IsPickedUpWithoutAReloadCall()
    {
        Options.Models.WatchInterval = TimeSpan.FromMilliseconds(20);
        using var serving = new ModelServing(Options, new SessionTableDirectory(1));
        using var loaded = new SemaphoreSlim(0);
        serving.Reloaded += r =>
        {
            if (r.Outcome == ModelReloadOutcome.Loaded)
            {
                loaded.Release();
            }
        };
        serving.StartWatch();

        var record = Promote(TestArtifacts.TreesDetector(_dir.FullName));

        Assert.True(await loaded.WaitAsync(TimeSpan.FromSeconds(30)), "the watch never reloaded");
        Assert.Equal(record.Hash, serving.Served.Detector!.Hash);
        Assert.IsType<TreeEnsembleScorer>(serving.Current.Detector);
    }

    private PromotionRecord Promote(string artifactDirectory)
    {
        var entry = Registry.Register(artifactDirectory);
        return Registry.Promote($"{entry.Name}@{entry.Hash}");
    }
}
