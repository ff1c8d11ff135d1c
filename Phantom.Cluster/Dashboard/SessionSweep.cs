using Phantom.Streams.Sessions;

namespace Phantom.Cluster.Dashboard;

/// <summary>
/// The dashboard's periodic walk over the live sessions of the local shards, off the hot path: it bins f(τ) and the
/// detector score of each session and gathers, per product, the latest price each session was shown, split by whether
/// the detector takes the session for an agent. Nothing is added to the per-event work of the shards: the walk reads
/// the tables from the dashboard's thread (an approximate view, <see cref="SessionTable.VisitLive"/>), and every array
/// it fills is allocated once and reused. At most <see cref="Budget"/> sessions are scored per sweep (a stride sample
/// beyond that), so its cost stays bounded however many sessions a node holds.
/// </summary>
public sealed class SessionSweep
{
    /// <summary>The detector score above which a session counts as a likely agent (as in the pricing statistics).</summary>
    public const double LikelyAgentThreshold = 0.5;

    private readonly Action<SessionEntity> _visit;
    private readonly int[] _shown;
    private readonly double[] _shownSum;
    private readonly int[] _agentShown;
    private readonly double[] _agentMin;
    private long _stride = 1;
    private long _seen;

    /// <param name="products">Capacity of the catalog (product indexes are below it).</param>
    /// <param name="budget">Most sessions scored per sweep.</param>
    public SessionSweep(int products, int budget = 20_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(products);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        Budget = budget;
        _visit = Visit;
        _shown = new int[products];
        _shownSum = new double[products];
        _agentShown = new int[products];
        _agentMin = new double[products];
    }

    public int Budget { get; }

    /// <summary>f(τ) of the sessions scored by the last sweep.</summary>
    public AgentHistogram AgentProbability { get; } = new();

    /// <summary>The detector score (what pricing uses as P(agent)) of the sessions scored by the last sweep.</summary>
    public AgentHistogram DetectorScore { get; } = new();

    /// <summary>Sessions scored by the last sweep.</summary>
    public long Scored { get; private set; }

    /// <summary>Whether the last sweep sampled (more live sessions than <see cref="Budget"/>).</summary>
    public bool Sampled => _stride > 1;

    public long LikelyAgents { get; private set; }

    public long LikelyHumans { get; private set; }

    /// <summary>Sessions scored that were shown a price, and the sum of those latest prices, by likely class.</summary>
    public long AgentQuotes { get; private set; }

    public double AgentQuoteSum { get; private set; }

    public long HumanQuotes { get; private set; }

    public double HumanQuoteSum { get; private set; }

    /// <summary>Sessions whose latest price was for product <paramref name="product"/>.</summary>
    public int Shown(int product) => _shown[product];

    /// <summary>Mean latest price shown for <paramref name="product"/>; NaN when no session saw it.</summary>
    public double MeanShown(int product) => _shown[product] > 0 ? _shownSum[product] / _shown[product] : double.NaN;

    /// <summary>Likely-agent sessions whose latest price was for <paramref name="product"/>.</summary>
    public int AgentShown(int product) => _agentShown[product];

    /// <summary>The lowest price shown to a likely agent for <paramref name="product"/>; NaN when none saw it.</summary>
    public double AgentMin(int product) => _agentShown[product] > 0 ? _agentMin[product] : double.NaN;

    /// <summary>Clears the last results and walks <paramref name="shards"/> of <paramref name="sessions"/>.</summary>
    /// <param name="live">About how many sessions the shards hold (sets the sampling stride).</param>
    public void Run(SessionTableDirectory sessions, IReadOnlyList<int> shards, long live)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(shards);
        AgentProbability.Clear();
        DetectorScore.Clear();
        Array.Clear(_shown);
        Array.Clear(_shownSum);
        Array.Clear(_agentShown);
        Scored = LikelyAgents = LikelyHumans = AgentQuotes = HumanQuotes = 0;
        AgentQuoteSum = HumanQuoteSum = 0;
        _stride = Math.Max(1, (live + Budget - 1) / Budget);
        _seen = 0;
        foreach (var shard in shards)
        {
            if (shard < 0 || shard >= sessions.Partitions || sessions[shard] is not { } table)
            {
                continue;
            }

            try
            {
                table.VisitLive(_visit);
            }
            catch (Exception error) when (error is IndexOutOfRangeException or ArgumentOutOfRangeException or NullReferenceException or InvalidOperationException)
            {
                // The shard changed an entity while this thread read it; the rest of the shard waits for the next sweep.
            }
        }
    }

    private void Visit(SessionEntity session)
    {
        if (_seen++ % _stride != 0 || Scored >= Budget)
        {
            return;
        }

        Scored++;
        AgentProbability.Add(session.AgentProbability);
        var score = session.DetectorScore;
        DetectorScore.Add(score);
        var agent = score > LikelyAgentThreshold;
        if (agent)
        {
            LikelyAgents++;
        }
        else
        {
            LikelyHumans++;
        }

        var product = session.QuotedProduct;
        var price = session.QuotedPrice;
        if ((uint)product >= (uint)_shown.Length || !double.IsFinite(price) || price <= 0)
        {
            return;
        }

        _shown[product]++;
        _shownSum[product] += price;
        if (agent)
        {
            AgentQuotes++;
            AgentQuoteSum += price;
            _agentMin[product] = _agentShown[product]++ == 0 ? price : Math.Min(_agentMin[product], price);
        }
        else
        {
            HumanQuotes++;
            HumanQuoteSum += price;
        }
    }
}
