using Phantom.Streams.Events;
using Phantom.Streams.Models;

namespace Phantom.Tests.Models;

public sealed class KernelSetTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-kernels-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Load_KernelsArtifact_GivesTheRowsItHolds()
    {
        var directory = TestArtifacts.Kernels(_dir.FullName, swapped: true);

        var kernels = KernelSet.Load(ModelArtifact.Open(directory), 1e-10);

        // Swapped: the "human" kernel now holds the reference agent rows.
        Assert.Equal(0.40, kernels.Human[EventName.PageView, EventName.ViewItemPage], 12);
        Assert.Equal(0.55, kernels.Agent[EventName.PageView, EventName.ViewItemPage], 12);
    }

    [Fact]
    public void Load_MissingAgentKernel_IsRefused()
    {
        var directory = TestArtifacts.Kernels(_dir.FullName);
        File.WriteAllText(Path.Combine(directory, ArtifactFiles.Kernels), """{"human":{"page_view":{"search":1.0}}}""");

        var error = Assert.Throws<ModelLoadException>(() => KernelSet.Load(ModelArtifact.Open(directory), 1e-10));

        Assert.Contains("'agent'", error.Message);
    }

    [Fact]
    public void Load_UnknownState_IsRefusedNamingIt()
    {
        var directory = TestArtifacts.Kernels(_dir.FullName);
        File.WriteAllText(Path.Combine(directory, ArtifactFiles.Kernels), """{"human":{"page_view":{"teleport":1.0}},"agent":{"page_view":{"search":1.0}}}""");

        var error = Assert.Throws<ModelLoadException>(() => KernelSet.Load(ModelArtifact.Open(directory), 1e-10));

        Assert.Contains("teleport", error.Message);
    }

    [Fact]
    public void Load_NotJson_IsRefused()
    {
        var directory = TestArtifacts.Kernels(_dir.FullName);
        File.WriteAllText(Path.Combine(directory, ArtifactFiles.Kernels), "{not json");

        Assert.Throws<ModelLoadException>(() => KernelSet.Load(ModelArtifact.Open(directory), 1e-10));
    }
}
