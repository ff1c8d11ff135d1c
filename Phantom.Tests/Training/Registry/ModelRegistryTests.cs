using Phantom.Streams.Models;
using Phantom.Tests.Models;
using Phantom.Training.Registry;

namespace Phantom.Tests.Training.Registry;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-registry-");

    public ModelRegistryTests() => Registry = new ModelRegistry(Path.Combine(_dir.FullName, "models"));

    private ModelRegistry Registry { get; }

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Register_Artifact_CopiesItUnderNameAndContentHash()
    {
        var source = TestArtifacts.Kernels(_dir.FullName);

        var entry = Registry.Register(source);

        Assert.Equal("kernels-mle", entry.Name);
        Assert.Equal(ModelKind.Kernels, entry.Kind);
        Assert.Equal(64, entry.Hash.Length);
        Assert.Equal(ArtifactHash.Compute(source, [ArtifactFiles.Kernels]), entry.Hash);
        Assert.Equal(RegistryLayout.Artifact(Registry.Root, "kernels-mle", entry.Hash), entry.Directory);
        Assert.True(File.Exists(Path.Combine(entry.Directory, ArtifactFiles.Kernels)));
        Assert.Equal($"kernels-mle@{entry.Hash[..12]}", entry.Reference);
    }

    [Fact]
    public void Register_SameContentTwice_IsIdempotent()
    {
        var source = TestArtifacts.Kernels(_dir.FullName);

        var first = Registry.Register(source);
        var second = Registry.Register(source);

        Assert.Equal(first, second);
        Assert.Single(Registry.List());
        Assert.Empty(Directory.GetDirectories(RegistryLayout.ArtifactsOf(Registry.Root, "kernels-mle"), ".*"));
    }

    [Fact]
    public void Register_ChangedContent_AddsASecondVersion()
    {
        Registry.Register(TestArtifacts.Kernels(_dir.FullName, seed: 1));
        Registry.Register(TestArtifacts.Kernels(_dir.FullName, swapped: true, seed: 2));

        var versions = Registry.Versions("kernels-mle");

        Assert.Equal(2, versions.Count);
        Assert.NotEqual(versions[0].Hash, versions[1].Hash);
        Assert.True(versions[0].Manifest.Created < versions[1].Manifest.Created);
    }

    [Fact]
    public void Register_ListedFileMissing_FailsNamingTheFile()
    {
        var source = TestArtifacts.Kernels(_dir.FullName);
        File.Delete(Path.Combine(source, ArtifactFiles.Kernels));

        var error = Assert.Throws<ModelRegistryException>(() => Registry.Register(source));

        Assert.Contains(ArtifactFiles.Kernels, error.Message);
        Assert.Empty(Registry.List());
    }

    [Fact]
    public void Register_NameNotKebabCase_Fails()
    {
        var source = TestArtifacts.Kernels(_dir.FullName, name: "Bad Name");

        var error = Assert.Throws<ModelRegistryException>(() => Registry.Register(source));

        Assert.Contains("kebab-case", error.Message);
    }

    [Fact]
    public void List_SeveralArtifacts_ReturnsAllByName()
    {
        Registry.Register(TestArtifacts.TreesDetector(_dir.FullName));
        Registry.Register(TestArtifacts.Kernels(_dir.FullName));
        Registry.Register(TestArtifacts.SurgePolicy(_dir.FullName));

        var names = Registry.List().Select(e => e.Name).ToArray();

        Assert.Equal(["detector-gbt", "kernels-mle", "policy-surge"], names);
    }

    [Fact]
    public void Show_NameAtHashPrefix_FindsTheVersion()
    {
        var a = Registry.Register(TestArtifacts.Kernels(_dir.FullName, seed: 1));
        var b = Registry.Register(TestArtifacts.Kernels(_dir.FullName, swapped: true, seed: 2));

        Assert.Equal(a, Registry.Show($"kernels-mle@{a.Hash[..12]}"));
        Assert.Equal(b, Registry.Show($"kernels-mle@{b.Hash.ToUpperInvariant()}"));
    }

    [Fact]
    public void Show_BareNameWithOneVersion_FindsIt()
    {
        var entry = Registry.Register(TestArtifacts.Kernels(_dir.FullName));

        Assert.Equal(entry, Registry.Show("kernels-mle"));
    }

    [Fact]
    public void Show_BareNameWithTwoVersions_IsAmbiguous()
    {
        Registry.Register(TestArtifacts.Kernels(_dir.FullName, seed: 1));
        Registry.Register(TestArtifacts.Kernels(_dir.FullName, swapped: true, seed: 2));

        var error = Assert.Throws<ModelRegistryException>(() => Registry.Show("kernels-mle"));

        Assert.Contains("2 versions", error.Message);
    }

    [Fact]
    public void Show_PrefixSharedByTwoHashes_IsAmbiguous()
    {
        // Register versions until two share a first hex digit (pigeonhole: at most 17 tries).
        var seen = new Dictionary<char, string>();
        string? prefix = null;
        for (var seed = 1; prefix is null; seed++)
        {
            var entry = Registry.Register(TestArtifacts.Kernels(_dir.FullName, seed: seed));
            if (seen.ContainsKey(entry.Hash[0]))
            {
                prefix = entry.Hash[..1];
            }

            seen[entry.Hash[0]] = entry.Hash;
        }

        var error = Assert.Throws<ModelRegistryException>(() => Registry.Show($"kernels-mle@{prefix}"));

        Assert.Contains("ambiguous", error.Message);
    }

    [Fact]
    public void Show_UnknownNameOrHash_SaysWhatExists()
    {
        var entry = Registry.Register(TestArtifacts.Kernels(_dir.FullName));
        var otherDigit = entry.Hash[0] == '0' ? "1" : "0";

        var unknownName = Assert.Throws<ModelRegistryException>(() => Registry.Show("nope"));
        var unknownHash = Assert.Throws<ModelRegistryException>(() => Registry.Show($"kernels-mle@{otherDigit}"));
        var notHex = Assert.Throws<ModelRegistryException>(() => Registry.Show("kernels-mle@xyz"));

        Assert.Contains("kernels-mle", unknownName.Message);
        Assert.Contains(entry.Reference, unknownHash.Message);
        Assert.Contains("hex", notHex.Message);
    }

    [Fact]
    public void Verify_FileChangedAfterRegistration_ReportsCorruption()
    {
        var entry = Registry.Register(TestArtifacts.Kernels(_dir.FullName));
        File.AppendAllText(Path.Combine(entry.Directory, ArtifactFiles.Kernels), " ");

        var error = Assert.Throws<ModelRegistryException>(() => Registry.Verify(entry));

        Assert.Contains("corrupted", error.Message);
        Assert.False(Registry.IsIntact(entry));
    }

    [Fact]
    public void Promote_CorruptedArtifact_IsRefusedAndPointerUnchanged()
    {
        var good = Registry.Register(TestArtifacts.Kernels(_dir.FullName, seed: 1));
        var bad = Registry.Register(TestArtifacts.Kernels(_dir.FullName, swapped: true, seed: 2));
        Registry.Promote($"kernels-mle@{good.Hash}");
        File.WriteAllText(Path.Combine(bad.Directory, ArtifactFiles.Kernels), "{}");

        Assert.Throws<ModelRegistryException>(() => Registry.Promote($"kernels-mle@{bad.Hash}"));

        Assert.Equal(good.Hash, Registry.Promoted(ModelKind.Kernels).Current!.Hash);
    }

    [Fact]
    public void Promote_DetectorTheLivePathCannotLoad_IsRefused()
    {
        var entry = Registry.Register(TestArtifacts.LogisticDetector(_dir.FullName, "detector-odd", 0, [1.0], ["mouse_wiggle"]));

        var error = Assert.Throws<ModelRegistryException>(() => Registry.Promote(entry.Reference));

        Assert.Contains("mouse_wiggle", error.Message);
        Assert.Null(Registry.Promoted(ModelKind.Detector).Current);
    }

    [Fact]
    public void Promote_ThenAnother_KeepsHistoryAndRollbackRestores()
    {
        var a = Registry.Register(TestArtifacts.Kernels(_dir.FullName, seed: 1));
        var b = Registry.Register(TestArtifacts.Kernels(_dir.FullName, swapped: true, seed: 2));

        Registry.Promote($"kernels-mle@{a.Hash}");
        Registry.Promote($"kernels-mle@{b.Hash}");
        var promoted = Registry.Promoted(ModelKind.Kernels);
        var rolledBack = Registry.Rollback(ModelKind.Kernels);

        Assert.Equal(b.Hash, promoted.Current!.Hash);
        Assert.Equal([a.Hash], promoted.History.Select(h => h.Hash));
        Assert.Equal(a.Hash, rolledBack.Current!.Hash);
        Assert.Empty(rolledBack.History);
        Assert.Equal(a.Hash, Registry.Promoted(ModelKind.Kernels).Current!.Hash);
    }

    [Fact]
    public void Rollback_FirstPromotion_ReturnsToConfiguredDefaults_ThenNothingLeft()
    {
        var entry = Registry.Register(TestArtifacts.TreesDetector(_dir.FullName));
        Registry.Promote(entry.Reference);

        var rolledBack = Registry.Rollback(ModelKind.Detector);

        Assert.Null(rolledBack.Current);
        Assert.Throws<ModelRegistryException>(() => Registry.Rollback(ModelKind.Detector));
    }

    [Fact]
    public void Promote_SameArtifactTwice_AddsNoHistory()
    {
        var entry = Registry.Register(TestArtifacts.Kernels(_dir.FullName));

        var first = Registry.Promote(entry.Reference);
        var second = Registry.Promote(entry.Reference);

        Assert.Equal(first, second);
        Assert.Empty(Registry.Promoted(ModelKind.Kernels).History);
    }

    [Fact]
    public void Promote_KindsAreIndependent()
    {
        var kernels = Registry.Register(TestArtifacts.Kernels(_dir.FullName));
        var detector = Registry.Register(TestArtifacts.TreesDetector(_dir.FullName));
        var policy = Registry.Register(TestArtifacts.SurgePolicy(_dir.FullName));

        Registry.Promote(kernels.Reference);
        Registry.Promote(detector.Reference);
        Registry.Promote(policy.Reference);
        Registry.Rollback(ModelKind.Detector);

        Assert.Equal(kernels.Hash, Registry.Promoted(ModelKind.Kernels).Current!.Hash);
        Assert.Null(Registry.Promoted(ModelKind.Detector).Current);
        Assert.Equal(policy.Hash, Registry.Promoted(ModelKind.Policy).Current!.Hash);
        Assert.False(File.Exists(RegistryLayout.PointerOf(Registry.Root, ModelKinds.MultiTask)));
    }

    [Fact]
    public void Promote_CrashLeftATemporaryPointer_ReadersIgnoreItAndNextPromoteSucceeds()
    {
        var a = Registry.Register(TestArtifacts.Kernels(_dir.FullName, seed: 1));
        var b = Registry.Register(TestArtifacts.Kernels(_dir.FullName, swapped: true, seed: 2));
        Registry.Promote($"kernels-mle@{a.Hash}");
        var pointer = RegistryLayout.PointerOf(Registry.Root, ModelKinds.Kernels);
        // What a crash between writing the temporary file and the rename leaves behind: a torn half of a pointer.
        var torn = File.ReadAllText(pointer).Replace(a.Hash, b.Hash);
        File.WriteAllText(pointer + AtomicFile.TemporaryMarker + "deadbeef", torn[..(torn.Length / 2)]);

        var current = Registry.Promoted(ModelKind.Kernels).Current!;
        Registry.Promote($"kernels-mle@{b.Hash}");

        Assert.Equal(a.Hash, current.Hash);
        Assert.Equal(b.Hash, Registry.Promoted(ModelKind.Kernels).Current!.Hash);
        Assert.Equal(a.Hash, Registry.Promoted(ModelKind.Kernels).History[^1].Hash);
        Assert.Equal(b.Hash, new PromotedModels(Registry.Root).ReadState().Kernels!.Hash);
    }

    [Fact]
    public void PromotedPointer_WrittenByTheRegistry_IsWhatTheLivePathReads()
    {
        var kernels = Registry.Register(TestArtifacts.Kernels(_dir.FullName));
        var detector = Registry.Register(TestArtifacts.TreesDetector(_dir.FullName));
        Registry.Promote(kernels.Reference);
        Registry.Promote(detector.Reference);

        var state = new PromotedModels(Registry.Root).ReadState();
        var loaded = new PromotedModels(Registry.Root).Load(state, 1e-10);

        Assert.Equal(kernels.Hash, state.Kernels!.Hash);
        Assert.Equal(detector.Hash, state.Detector!.Hash);
        Assert.NotNull(loaded.Kernels);
        Assert.IsType<TreeEnsembleScorer>(loaded.Detector);
    }
}
