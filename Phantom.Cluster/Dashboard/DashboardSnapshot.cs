namespace Phantom.Cluster.Dashboard;

/// <summary>
/// One frame of the dashboard: what <c>/dashboard/stream</c> sends every second and <c>/dashboard/snapshot</c> answers,
/// as snake_case JSON. Built once per tick and shared by every client. Numbers that are not defined yet (no price
/// shown, no likely agent) are null rather than NaN, so the page can print a dash.
/// </summary>
/// <param name="Node">The id of the node that built it.</param>
/// <param name="At">Wall-clock time of the frame, ISO-8601 UTC.</param>
/// <param name="Sequence">Frames built by this node so far (the page shows that the stream is moving).</param>
/// <param name="Events">Events the node's shards have processed.</param>
/// <param name="EventsPerSecond">Events processed per second since the previous frame.</param>
/// <param name="Rejected">Events dead-lettered.</param>
/// <param name="LiveSessions">Sessions in the node's memory.</param>
/// <param name="Histogram">f(τ) and detector-score histograms of the live sessions.</param>
/// <param name="Prices">Prices shown to humans and to likely agents.</param>
/// <param name="Coi">Cost of information and its erosion by agents.</param>
/// <param name="Products">The products with the most demand q̂, highest first.</param>
/// <param name="ProductsTotal">Products in the catalog.</param>
/// <param name="Cluster">The shard map.</param>
public sealed record DashboardSnapshot(
    string Node,
    string At,
    long Sequence,
    long Events,
    double EventsPerSecond,
    long Rejected,
    long LiveSessions,
    HistogramView Histogram,
    PricesView Prices,
    CoiView Coi,
    IReadOnlyList<ProductView> Products,
    int ProductsTotal,
    ClusterMap Cluster);
