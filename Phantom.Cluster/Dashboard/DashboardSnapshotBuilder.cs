using System.Diagnostics;
using System.Globalization;
using Phantom.Streams.Events;
using Phantom.Streams.Hosting;

namespace Phantom.Cluster.Dashboard;

/// <summary>
/// Builds <see cref="DashboardSnapshot"/>s from a running <see cref="PhantomRuntime"/>: counters read lock-free, the
/// pricing and demand boards as they stand, and a <see cref="SessionSweep"/> over the local shards. Called by one
/// thread at a time (the <see cref="DashboardBroadcaster"/> serialises it); each call costs one sweep, so it runs once
/// per tick for all clients, never per client or per event.
/// </summary>
public sealed class DashboardSnapshotBuilder
{
    /// <summary>Products listed per frame (the catalog can hold hundreds; the page shows the busiest).</summary>
    public const int TopProducts = 16;

    private readonly PhantomRuntime _runtime;
    private readonly Func<IReadOnlyList<int>> _localShards;
    private readonly Func<string> _nodeId;
    private readonly Func<string> _address;
    private readonly SessionSweep _sweep;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _sequence;
    private long _lastEvents;
    private TimeSpan _lastAt;
    private double _eventsPerSecond;

    /// <param name="localShards">The shards this node hosts now (all of them embedded; the Kafka assignment in node mode).</param>
    /// <param name="nodeId">This node's id (read at each frame: a bound port is known only after start).</param>
    /// <param name="address">Where this node listens.</param>
    /// <param name="sweepBudget">Most sessions scored per frame.</param>
    public DashboardSnapshotBuilder(PhantomRuntime runtime, Func<IReadOnlyList<int>> localShards, Func<string> nodeId, Func<string> address, int sweepBudget = 20_000)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _localShards = localShards ?? throw new ArgumentNullException(nameof(localShards));
        _nodeId = nodeId ?? throw new ArgumentNullException(nameof(nodeId));
        _address = address ?? throw new ArgumentNullException(nameof(address));
        _sweep = new SessionSweep(runtime.Catalog.Capacity, sweepBudget);
    }

    /// <summary>
    /// The seam for the node registry: when set, the shard map shows what it returns (every node of the cluster, from
    /// <c>GET /admin/cluster</c>'s source); null, or a null answer (the registry has not been read yet), shows this
    /// node alone. An exception it throws falls back to the local map.
    /// </summary>
    public Func<ClusterMap?>? Cluster { get; set; }

    /// <summary>Builds the next frame; events/s is measured since the previous one.</summary>
    public DashboardSnapshot Build()
    {
        var metrics = _runtime.Pipeline.GetMetrics();
        var now = _clock.Elapsed;
        var interval = (now - _lastAt).TotalSeconds;
        if (_sequence == 0 || interval >= 0.2)
        {
            // The first frame has no previous sample; a frame asked for right after another keeps the last rate.
            _eventsPerSecond = _sequence == 0 ? 0 : Math.Max(0, metrics.EventsProcessed - _lastEvents) / interval;
            _lastEvents = metrics.EventsProcessed;
            _lastAt = now;
        }

        var live = _runtime.LiveSessions;
        var shards = _localShards();
        _sweep.Run(_runtime.Sessions, shards, live);
        var summary = _runtime.Pricing.Snapshot();
        var floor = summary.PriceFloor;
        var (products, coi) = Products(floor);
        var prices = new PricesView(
            Finite(_sweep.HumanQuotes > 0 ? _sweep.HumanQuoteSum / _sweep.HumanQuotes : double.NaN),
            Finite(_sweep.AgentQuotes > 0 ? _sweep.AgentQuoteSum / _sweep.AgentQuotes : double.NaN),
            _sweep.HumanQuotes,
            _sweep.AgentQuotes,
            Finite(summary.MeanPrice(GroundTruth.Human)),
            Finite(summary.MeanPrice(GroundTruth.Agent)),
            Finite(summary.LikelyAgentShare),
            summary.PricedEvents,
            summary.ShieldFallbacks);
        var quotes = _sweep.HumanQuotes + _sweep.AgentQuotes;
        var liveLevel = quotes > 0 ? ((_sweep.HumanQuoteSum + _sweep.AgentQuoteSum) / quotes) - floor : double.NaN;
        var histogram = new HistogramView(
            AgentHistogram.Bins, _sweep.AgentProbability.ToArray(), _sweep.DetectorScore.ToArray(), _sweep.Scored, _sweep.Sampled, _sweep.LikelyAgents);
        return new DashboardSnapshot(
            _nodeId(),
            DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ++_sequence,
            metrics.EventsProcessed,
            Math.Round(_eventsPerSecond, 1),
            metrics.Rejected,
            live,
            histogram,
            prices,
            coi with { Level = summary.CoiLevel, LiveLevel = Finite(liveLevel) },
            products,
            _runtime.Catalog.Count,
            ClusterMap(shards, live));
    }

    private (IReadOnlyList<ProductView> Products, CoiView Coi) Products(double floor)
    {
        var catalog = _runtime.Catalog;
        var count = catalog.Count;
        var rows = new List<ProductView>(count);
        double erosionSum = 0, atMinimumSum = 0;
        long weight = 0;
        var eroded = 0;
        for (var i = 0; i < count; i++)
        {
            var product = catalog[i];
            var mean = _sweep.MeanShown(i);
            var agentMin = _sweep.AgentMin(i);
            var erosion = Erosion(mean, agentMin, floor);
            if (double.IsFinite(erosion))
            {
                var sessions = _sweep.Shown(i);
                erosionSum += erosion * sessions;
                atMinimumSum += (agentMin - floor) * sessions;
                weight += sessions;
                eroded++;
            }

            var qHat = _runtime.Demand.Raw(i);
            if (qHat > 0 || _sweep.Shown(i) > 0)
            {
                rows.Add(new ProductView(
                    product.Id, product.Name, product.BasePrice, Math.Round(qHat, 3), Math.Round(_runtime.Demand.Normalized(i), 3),
                    Finite(_runtime.Prices.Price(i)), Finite(mean), Finite(agentMin), Finite(erosion)));
            }
        }

        var top = rows.OrderByDescending(r => r.QHat).ThenByDescending(r => r.MeanShown ?? 0).ThenBy(r => r.Id, StringComparer.Ordinal).Take(TopProducts).ToList();
        var coi = new CoiView(
            floor, 0, null, weight > 0 ? atMinimumSum / weight : null, weight > 0 ? erosionSum / weight : null, eroded);
        return (top, coi);
    }

    /// <summary>
    /// (mean − agents' minimum) / (mean − p̲), clamped to [0, 1]; NaN without a likely-agent price or when the mean
    /// sits at the floor (no premium to erode).
    /// </summary>
    public static double Erosion(double meanShown, double agentMinimum, double floor)
    {
        if (!double.IsFinite(meanShown) || !double.IsFinite(agentMinimum) || meanShown - floor <= 1e-9)
        {
            return double.NaN;
        }

        return Math.Clamp((meanShown - agentMinimum) / (meanShown - floor), 0, 1);
    }

    private ClusterMap ClusterMap(IReadOnlyList<int> shards, long live)
    {
        if (Cluster is { } cluster)
        {
            try
            {
                if (cluster() is { } map)
                {
                    return map;
                }
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // The registry could not answer this second (database down, node leaving): show what this node knows.
            }
        }

        var self = _nodeId();
        return new ClusterMap(
            self,
            _runtime.Options.Kafka.GroupId,
            _runtime.Partitions,
            [new ClusterMapNode(self, _address(), "up", [.. shards], live, Math.Round(_eventsPerSecond, 1))]);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;
}
