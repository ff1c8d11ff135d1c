using Phantom.Streams.Catalog;
using Phantom.Streams.Flow;
using Phantom.Streams.Flow.Taps;

namespace Phantom.Streams.Pricing;

/// <summary>
/// The <c>shadow-{policy}</c> stages: for every priced event, run another live policy on exactly the input the served
/// policy saw (the served global price and demand, the session's features and detector score) and record its price
/// beside the served one, without touching <see cref="EventContext.Price"/>: nothing it computes is served or stored.
/// Its per-shard tallies (means, mean gap, humans vs likely agents) and newest quotes are summarised through the
/// <see cref="TapBoard"/> (<c>GET /admin/stages</c>, <c>/admin/metrics</c>). Attach it after <c>shield</c> (the
/// default, the end of the graph) to compare with the price shown; before <c>policy</c> there is nothing to shadow.
/// The shadow policy takes no part in the global price step, so a learning policy (elasticity) keeps its priors.
/// </summary>
public sealed class ShadowPolicyStage : IFlowStage
{
    public const string Prefix = "shadow-";

    /// <summary>At or above this detector score a session counts as a likely agent in the summary.</summary>
    public const double AgentThreshold = 0.5;

    private readonly ProductCatalog _catalog;
    private readonly GlobalPriceBoard _board;
    private readonly IPricingPolicy _policy;

    public ShadowPolicyStage(string name, ProductCatalog catalog, GlobalPriceBoard board, IPricingPolicy policy, int keep)
    {
        Name = name;
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _board = board ?? throw new ArgumentNullException(nameof(board));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        Recent = new TapRing<ShadowQuote>(keep);
    }

    public string Name { get; }

    public string Policy => _policy.Name;

    public string ServedPolicy => _board.Policy.Name;

    public long Priced;
    public long NotFinite;
    public long Higher;
    public long Lower;
    public double ServedSum;
    public double ShadowSum;
    public double AbsGapSum;
    public long Agents;
    public double AgentServedSum;
    public double AgentShadowSum;

    /// <summary>The newest (served, shadow) pairs.</summary>
    public TapRing<ShadowQuote> Recent { get; }

    /// <summary>Stage names, one per live policy: <c>shadow-static</c>, <c>shadow-surge</c>, …</summary>
    public static IEnumerable<(string Name, FlowStageFactory Factory)> Factories =>
        PolicyRegistry.Names.Select(policy => (Prefix + policy, (FlowStageFactory)(shard => Create(shard, policy))));

    public static IFlowStage Create(ShardContext shard, string policy)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var services = shard.Services;
        var name = Prefix + policy;
        var stage = new ShadowPolicyStage(
            name, services.Catalog, services.Get<GlobalPriceBoard>(),
            PolicyRegistry.Create(policy, services.Options.Pricing, services.Catalog.Capacity), services.Options.Admin.SampleKeep);
        TapBoard.For(services).Register(name, shard, stage, Summarize);
        return stage;
    }

    public void Process(ref EventContext context)
    {
        var session = context.Session;
        if (context.Rejection != RejectReason.None || !context.Price.HasPrice || session is null)
        {
            return;
        }

        var product = context.Price.ProductIndex;
        if (product < 0 || product >= _catalog.Count)
        {
            return;
        }

        var agent = context.Price.AgentProbability;
        var input = new PricingInput(
            product, context.Price.BasePrice, _board.Price(product), _board.DemandScore(product), _board.MeanDemandScore,
            session.InteractionVelocity, session.ItemViews, session.ProductViewDepth, session.CartToViewRatio, agent);
        var shadow = _policy.SessionPrice(input);
        var served = context.Price.Price;
        if (!double.IsFinite(shadow))
        {
            Volatile.Write(ref NotFinite, NotFinite + 1);
            return;
        }

        // Sums first, the count last: a reader that divides by the count never sees more count than sum.
        ServedSum += served;
        ShadowSum += shadow;
        AbsGapSum += Math.Abs(shadow - served);
        if (shadow > served)
        {
            Higher++;
        }
        else if (shadow < served)
        {
            Lower++;
        }

        if (agent >= AgentThreshold)
        {
            AgentServedSum += served;
            AgentShadowSum += shadow;
            Volatile.Write(ref Agents, Agents + 1);
        }

        Recent.Write(new ShadowQuote { SessionId = session.SessionId, ProductIndex = product, Served = served, Shadow = shadow, AgentProbability = agent });
        Volatile.Write(ref Priced, Priced + 1);
    }

    /// <summary>Means over every shard, humans and likely agents apart, and the newest quotes (at most 10).</summary>
    public static IReadOnlyDictionary<string, object?> Summarize(IReadOnlyList<ShadowPolicyStage> shards)
    {
        long priced = 0, agents = 0, higher = 0, lower = 0, notFinite = 0;
        double served = 0, shadow = 0, gap = 0, agentServed = 0, agentShadow = 0;
        foreach (var s in shards)
        {
            priced += Volatile.Read(ref s.Priced);
            agents += Volatile.Read(ref s.Agents);
            notFinite += Volatile.Read(ref s.NotFinite);
            higher += s.Higher;
            lower += s.Lower;
            served += s.ServedSum;
            shadow += s.ShadowSum;
            gap += s.AbsGapSum;
            agentServed += s.AgentServedSum;
            agentShadow += s.AgentShadowSum;
        }

        var humans = priced - agents;
        static double Mean(double sum, long n) => n > 0 ? Math.Round(sum / n, 4) : 0;
        var first = shards.Count > 0 ? shards[0] : null;
        return new Dictionary<string, object?>
        {
            ["policy"] = first?.Policy,
            ["served_policy"] = first?.ServedPolicy,
            ["priced"] = priced,
            ["mean_served"] = Mean(served, priced),
            ["mean_shadow"] = Mean(shadow, priced),
            ["mean_abs_gap"] = Mean(gap, priced),
            ["shadow_higher"] = higher,
            ["shadow_lower"] = lower,
            ["not_finite"] = notFinite,
            ["humans"] = new Dictionary<string, object?> { ["priced"] = humans, ["mean_served"] = Mean(served - agentServed, humans), ["mean_shadow"] = Mean(shadow - agentShadow, humans) },
            ["likely_agents"] = new Dictionary<string, object?> { ["priced"] = agents, ["mean_served"] = Mean(agentServed, agents), ["mean_shadow"] = Mean(agentShadow, agents) },
            ["recent"] = shards.SelectMany(s => s.Recent.Snapshot().Select(q => (Stage: s, Quote: q))).Take(10).Select(x => new Dictionary<string, object?>
            {
                ["session_id"] = x.Quote.SessionId,
                ["product_id"] = x.Quote.ProductIndex < x.Stage._catalog.Count ? x.Stage._catalog[x.Quote.ProductIndex].Id : null,
                ["served"] = Math.Round(x.Quote.Served, 2),
                ["shadow"] = Math.Round(x.Quote.Shadow, 2),
                ["p_agent"] = Math.Round(x.Quote.AgentProbability, 4),
            }).ToArray(),
        };
    }
}
