namespace Phantom.Cluster.Bench;

/// <summary>What the handoff run recorded about one membership change (times in unix ms), for the analysis.</summary>
/// <param name="Start">When the change was made (signal sent, process started).</param>
/// <param name="Settled">When /health showed the expected members owning every partition.</param>
/// <param name="Serving">When every moved partition had stored a new offset under its new owner.</param>
/// <param name="DuringStream">Whether records were still being produced at <paramref name="Serving"/>.</param>
/// <param name="Moved">Partitions whose owner changed.</param>
/// <param name="Before">Who owned which partitions before the change.</param>
internal sealed record ClusterHandoffStep(
    string Kind,
    string Node,
    long Start,
    long Settled,
    long Serving,
    bool DuringStream,
    IReadOnlySet<int> Moved,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Before);
