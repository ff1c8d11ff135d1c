using Microsoft.Extensions.Logging;

namespace Phantom.Cluster.Admin;

/// <summary>
/// Sends ASP.NET's and the host's log messages into the <see cref="NodeLog"/>: Information and above from Phantom's
/// own categories, Warning and above from <c>Microsoft.*</c> and <c>System.*</c> (their per-request chatter, including
/// that of <c>phantom ctl log tail</c> polling, would push everything useful out of the ring).
/// </summary>
/// <param name="onDispose">Run once when the host disposes its loggers (the admin stops its timer then).</param>
public sealed class NodeLogProvider(NodeLog log, Action? onDispose = null) : ILoggerProvider
{
    private readonly NodeLog _log = log ?? throw new ArgumentNullException(nameof(log));
    private Action? _onDispose = onDispose;

    public ILogger CreateLogger(string categoryName) => new NodeLogLogger(_log, categoryName);

    public void Dispose() => Interlocked.Exchange(ref _onDispose, null)?.Invoke();
}
