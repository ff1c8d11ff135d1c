namespace Phantom.Cluster.Dashboard;

/// <summary>A built frame: the snapshot and its JSON bytes, serialised once and written to every client as is.</summary>
/// <param name="Snapshot">What the frame says.</param>
/// <param name="Json">UTF-8 JSON of <paramref name="Snapshot"/> (snake_case).</param>
public sealed record DashboardFrame(DashboardSnapshot Snapshot, byte[] Json);
