using System.Net;
using Phantom.Tests.Models;
using Phantom.Training.Registry;

namespace Phantom.Tests.Http;

/// <summary><c>GET /models</c> and <c>POST /models/reload</c>: what a node serves, and a reload from the registry.</summary>
public sealed class ModelsApiTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-models-api-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Models_NothingPromoted_ReportsConfiguredKernelsAndHandSetDetector()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null, models: Path.Combine(_dir.FullName, "registry"));

        using var response = await harness.Client.GetAsync("/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await NodeHarness.JsonOf(response);
        Assert.Equal("configured", body.GetProperty("kernels").GetString());
        Assert.Equal("hand-set", body.GetProperty("detector").GetString());
        Assert.Equal("session-aware", body.GetProperty("policy").GetString());
    }

    [Fact]
    public async Task Reload_AfterPromotion_ServesThePromotedKernels()
    {
        var root = Path.Combine(_dir.FullName, "registry");
        var registry = new ModelRegistry(root);
        await using var harness = await NodeHarness.StartAsync(redis: null, models: root);
        var entry = registry.Register(TestArtifacts.Kernels(_dir.FullName));
        registry.Promote(entry.Reference);

        using var withoutKey = await harness.PostAsync("/models/reload", "", key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);

        using var reloaded = await harness.PostAsync("/models/reload", "");
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        var body = await NodeHarness.JsonOf(reloaded);
        Assert.Equal("loaded", body.GetProperty("last_reload").GetProperty("outcome").GetString());
        Assert.Equal(entry.Reference, body.GetProperty("kernels").GetString());
    }
}
