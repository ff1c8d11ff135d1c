namespace Phantom.Cluster.Admin;

/// <summary>
/// A change of the running graph, as <see cref="StageControl.StageChanged"/> reports it (the membership log records
/// it as a MemberEvent of kind <see cref="Kind"/>).
/// </summary>
/// <param name="Kind"><c>stage-attached</c> or <c>stage-detached</c> (docs/ADMIN-API.md MemberEvent kinds).</param>
/// <param name="Stage">The stage's registry name.</param>
/// <param name="After">For an attach, the stage it follows (null: the end of the graph).</param>
/// <param name="Graph">The graph after the change, in order.</param>
/// <param name="At">When (UTC).</param>
public sealed record StageChange(string Kind, string Stage, string? After, IReadOnlyList<string> Graph, DateTime At)
{
    public const string Attached = "stage-attached";
    public const string Detached = "stage-detached";

    /// <summary>A one-line description for logs: <c>attached sample after shield (graph: …)</c>.</summary>
    public string Detail =>
        Kind == Attached
            ? $"attached {Stage} {(After is null ? "at the end" : $"after {After}")} (graph: {string.Join(" → ", Graph)})"
            : $"detached {Stage} (graph: {string.Join(" → ", Graph)})";
}
