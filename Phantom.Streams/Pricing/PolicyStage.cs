using Phantom.Streams.Catalog;
using Phantom.Streams.Flow;

namespace Phantom.Streams.Pricing;

/// <summary>
/// The <c>policy</c> stage: for an event that names a product, the price the active policy gives its session, from
/// the global price and the session's features, into <see cref="EventContext.Price"/> (unshielded); other events get
/// <see cref="PriceDecision.None"/>. The agent probability used, and recorded, is the session's
/// <see cref="Sessions.SessionEntity.DetectorScore"/>: the live detector folds f(τ) together with timing, velocity and
/// user-agent evidence, so it is the best estimate available on the hot path. Once per batch the stage reports its
/// newest event time to the <see cref="GlobalPriceBoard"/> and steps it if due.
/// </summary>
public sealed class PolicyStage : IFlowStage
{
    public const string StageName = "policy";

    private readonly ProductCatalog _catalog;
    private readonly GlobalPriceBoard _board;
    private readonly IPricingPolicy _policy;
    private long _newestEventMs = long.MinValue;

    public PolicyStage(ProductCatalog catalog, GlobalPriceBoard board)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _board = board ?? throw new ArgumentNullException(nameof(board));
        _policy = board.Policy;
    }

    public string Name => StageName;

    /// <summary>Factory for the stage registry; needs <see cref="GlobalPriceBoard"/> among the services.</summary>
    public static IFlowStage Create(ShardContext shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return new PolicyStage(shard.Services.Catalog, shard.Services.Get<GlobalPriceBoard>());
    }

    public void Process(ref EventContext context)
    {
        if (context.Stopped)
        {
            return;
        }

        var session = context.Session;
        var product = context.Event.ProductIndex;
        if (context.Event.TimestampMs > _newestEventMs)
        {
            _newestEventMs = context.Event.TimestampMs;
        }

        if (session is null || product < 0 || product >= _catalog.Count)
        {
            context.Price = PriceDecision.None;
            return;
        }

        var basePrice = _catalog[product].BasePrice;
        if (!(basePrice > 0) || !double.IsFinite(basePrice))
        {
            // Without a sane baseline the shield has nothing to fall back to; pricing nothing is the safe answer.
            context.Price = PriceDecision.None;
            return;
        }

        var agent = session.DetectorScore;
        var input = new PricingInput(
            product, basePrice, _board.Price(product), _board.DemandScore(product), _board.MeanDemandScore,
            session.InteractionVelocity, session.ItemViews, session.ProductViewDepth, session.CartToViewRatio, agent);
        context.Price = new PriceDecision
        {
            ProductIndex = product,
            BasePrice = basePrice,
            Price = _policy.SessionPrice(input),
            AgentProbability = agent,
            Demand = session.Demand,
            PolicyId = _policy.Id,
        };
    }

    public void EndBatch()
    {
        if (_newestEventMs != long.MinValue)
        {
            _board.ReportEventTime(_newestEventMs);
            _board.StepIfDue();
        }
    }
}
