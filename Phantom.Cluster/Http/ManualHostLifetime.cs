using Microsoft.Extensions.Hosting;

namespace Phantom.Cluster.Http;

/// <summary>
/// A host lifetime that does not listen for Ctrl+C or SIGTERM: the <c>phantom</c> command owns shutdown (it drains
/// the pipeline first, then stops HTTP), so ASP.NET's console lifetime must not stop the server on its own.
/// </summary>
internal sealed class ManualHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
