using System.Globalization;
using Phantom.Streams.Models;

namespace Phantom.Training.Simulation;

/// <summary>
/// <c>phantom.training.simulator</c>: every constant of the market simulator (PHANTOM-MODEL.md sections 5 and 7).
/// Plain settable properties so the HOCON binder can map kebab-case keys onto them.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>Number of products n.</summary>
    public int ProductCount { get; set; } = 10;

    /// <summary>Lower price bound.</summary>
    public double PriceMin { get; set; } = 10;

    /// <summary>Upper price bound.</summary>
    public double PriceMax { get; set; } = 150;

    /// <summary>Sessions N sampled per step.</summary>
    public int Sessions { get; set; } = 100;

    /// <summary>Nominal contamination α0: ⌊N·α⌋ of the sessions are agents.</summary>
    public double Alpha { get; set; } = 0.3;

    /// <summary>Mean of the human valuation v_i ~ N(μ, σ).</summary>
    public double HumanValuationMean { get; set; } = 50;

    /// <summary>Standard deviation of the human valuation.</summary>
    public double HumanValuationStd { get; set; } = 10;

    /// <summary>Mean of the agent valuation.</summary>
    public double AgentValuationMean { get; set; } = 45;

    /// <summary>Standard deviation of the agent valuation.</summary>
    public double AgentValuationStd { get; set; } = 15;

    /// <summary>Standard deviation of the demand noise ε_i.</summary>
    public double DemandNoiseStd { get; set; } = 1.0;

    /// <summary>The class demand d is rescaled to sum to this (and q̃ to 100, as in section 1).</summary>
    public double DemandTotal { get; set; } = 100;

    /// <summary>
    /// true (section 5 as written): the observed demand q̃ is rescaled to sum to 100 every step, so revenue is 100 × the
    /// demand-weighted mean price whatever the session mix. false: q = q̂·100/N, the weighted event mass per 100 sessions,
    /// so a step whose sessions carry less demand weight (agents: about 2.51 per session against 2.90 for humans with
    /// the reference kernels) earns less. The thesis's revenue scale (about 24 units of demand per step at α = 0 and 17.5
    /// at α = 1 at its mean price 146.8) implies an unnormalised mass; see docs/evaluation.md.
    /// </summary>
    public bool NormalizeObservedDemand { get; set; } = true;

    /// <summary>
    /// false (section 5 as written): every transition draws the next state from the class kernel and the next product
    /// from c = d/Σd. true: the original PHANTOM's sampler (engine/lib/behavior.py), whose expanded kernel is
    /// kron(T, c⊗c) row-normalised with rows without mass drawn uniformly: a session whose current product has zero
    /// demand for its class (c_a = 0 while Σd &gt; 0) jumps to a (state, product) pair drawn uniformly over all S·n pairs
    /// instead. Trajectories, the observed demand and f(τ) then depend on which products the prices price out. The
    /// extra uniform draw happens only on such jumps, so with the switch off the random stream is the spec's.
    /// </summary>
    public bool ZeroDemandJump { get; set; }

    /// <summary>Most events a sampled trajectory may have.</summary>
    public int MaxSessionEvents { get; set; } = 40;

    /// <summary>Number of discrete price scales.</summary>
    public int ActionLevels { get; set; } = 9;

    /// <summary>Smallest price scale.</summary>
    public double ActionScaleMin { get; set; } = 0.8;

    /// <summary>Largest price scale.</summary>
    public double ActionScaleMax { get; set; } = 1.2;

    /// <summary>How a scale is turned into prices.</summary>
    public PriceDecoding Decoding { get; set; } = PriceDecoding.Multiplicative;

    /// <summary>Anchor price of the anchored decoding.</summary>
    public double AnchorPrice { get; set; } = 50;

    /// <summary>Weight of the scaled anchor in the anchored decoding (the previous price keeps 1 − this).</summary>
    public double AnchorWeight { get; set; } = 0.25;

    /// <summary>The anchored decoding caps prices at min(price-max, this·anchor-price).</summary>
    public double AnchorCapRatio { get; set; } = 1.15;

    /// <summary>Weight w of the profit term.</summary>
    public double ProfitWeight { get; set; } = 1.0;

    /// <summary>λ_coi: weight of the COI leakage penalty (forced to 0 in baseline mode).</summary>
    public double LambdaCoi { get; set; } = 0.2;

    /// <summary>Value of the information an agent extracts (COI leakage = f·info-value).</summary>
    public double InfoValue { get; set; } = 1.0;

    /// <summary>η_ux: weight of the price-volatility (user experience) penalty.</summary>
    public double EtaUx { get; set; } = 0.5;

    /// <summary>Price above which the supra-competitive penalty starts.</summary>
    public double SupraReference { get; set; } = 60;

    /// <summary>Marginal cost per unit, also the COI price floor p̲.</summary>
    public double MarginalCost { get; set; } = 10;

    /// <summary>Most steps per episode.</summary>
    public int MaxSteps { get; set; } = 100;

    /// <summary>The episode ends once the margin stays under this for <see cref="MarginPatience"/> steps.</summary>
    public double MarginFloor { get; set; } = 0.05;

    /// <summary>Consecutive low-margin steps that end an episode.</summary>
    public int MarginPatience { get; set; } = 5;

    /// <summary>Robust (defended) or baseline market.</summary>
    public SimulatorMode Mode { get; set; } = SimulatorMode.Robust;

    /// <summary>Radius r of the robust α grid [α0 − r, α0 + r] ∩ [0, 1].</summary>
    public double RobustRadius { get; set; } = 0.15;

    /// <summary>Number of points K of the robust α grid.</summary>
    public int RobustPoints { get; set; } = 5;

    /// <summary>
    /// false (default): the robust market keeps the sampled market of the worst grid α (common random numbers, one draw
    /// for all K points), so it also keeps the unluckiest of K correlated draws. true: as the original's robust step
    /// (engine/wrapper.py, step after _select_adversarial_alpha), the worst α is chosen and the market is then sampled
    /// afresh at it; robust steps cost about twice as much. No effect in baseline mode.
    /// </summary>
    public bool RobustFreshDraw { get; set; }

    /// <summary>
    /// How the robust market picks its worst α: <see cref="RobustAdversary.Sampled"/> (default, section 5) or the
    /// original's closed-form <see cref="RobustAdversary.Proxy"/>. No effect in baseline mode.
    /// </summary>
    public RobustAdversary RobustAdversary { get; set; } = RobustAdversary.Sampled;

    /// <summary>
    /// The human and agent kernels that trajectories follow and f(τ) scores against; null: the reference kernels of
    /// <c>phantom.agent.kernels</c>. Set with <see cref="WithKernels"/>: kernels come from a trained artifact
    /// (<c>phantom train kernels</c>), not from this configuration section.
    /// </summary>
    public KernelSet? Kernels { get; private set; }

    /// <summary>Where <see cref="Kernels"/> came from, for model cards: "reference" when null.</summary>
    public string KernelsOrigin { get; private set; } = "reference";

    /// <summary>A copy (the simulator and tiers never share a mutable options object).</summary>
    public SimulatorOptions Clone() => (SimulatorOptions)MemberwiseClone();

    /// <summary>A copy whose market follows <paramref name="kernels"/> (null: the reference kernels), read from <paramref name="origin"/>.</summary>
    public SimulatorOptions WithKernels(KernelSet? kernels, string origin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        var copy = Clone();
        copy.Kernels = kernels;
        copy.KernelsOrigin = kernels is null ? "reference" : origin;
        return copy;
    }

    /// <summary>A copy in the given mode at the given nominal α.</summary>
    public SimulatorOptions With(SimulatorMode mode, double alpha)
    {
        var copy = Clone();
        copy.Mode = mode;
        copy.Alpha = alpha;
        return copy;
    }

    /// <summary>λ_coi in effect: 0 in baseline mode.</summary>
    public double EffectiveLambdaCoi => Mode == SimulatorMode.Baseline ? 0.0 : LambdaCoi;

    /// <summary>Robust radius in effect: 0 in baseline mode.</summary>
    public double EffectiveRobustRadius => Mode == SimulatorMode.Baseline ? 0.0 : RobustRadius;

    /// <summary>Robust grid size in effect: 1 in baseline mode.</summary>
    public int EffectiveRobustPoints => Mode == SimulatorMode.Baseline ? 1 : RobustPoints;

    /// <summary>The discrete price scales linspace(min, max, levels).</summary>
    public double[] ActionScales()
    {
        var scales = new double[ActionLevels];
        for (var i = 0; i < scales.Length; i++)
        {
            scales[i] = ActionLevels == 1
                ? ActionScaleMin
                : ActionScaleMin + ((ActionScaleMax - ActionScaleMin) * i / (ActionLevels - 1));
        }

        return scales;
    }

    /// <summary>
    /// The α grid the market plays over: linspace(max(0, α0 − r), min(1, α0 + r), K), or just α0 when r ≤ 0 or K ≤ 1.
    /// </summary>
    public double[] AlphaGrid()
    {
        var radius = EffectiveRobustRadius;
        var points = EffectiveRobustPoints;
        if (radius <= 0 || points <= 1)
        {
            return [Alpha];
        }

        var lo = Math.Max(0.0, Alpha - radius);
        var hi = Math.Min(1.0, Alpha + radius);
        var grid = new double[points];
        for (var i = 0; i < points; i++)
        {
            grid[i] = lo + ((hi - lo) * i / (points - 1));
        }

        return grid;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting by its configuration key.</summary>
    public void Validate()
    {
        Require(ProductCount >= 1, "n-products", ProductCount, "must be at least 1");
        Require(double.IsFinite(PriceMin) && PriceMin > 0, "price-min", PriceMin, "must be finite and > 0");
        Require(double.IsFinite(PriceMax) && PriceMax > PriceMin, "price-max", PriceMax, "must be finite and > price-min");
        Require(Sessions >= 1, "sessions", Sessions, "must be at least 1");
        Require(Alpha is >= 0 and <= 1, "alpha", Alpha, "must be in [0, 1]");
        Require(HumanValuationStd >= 0, "human-valuation-std", HumanValuationStd, "must be >= 0");
        Require(AgentValuationStd >= 0, "agent-valuation-std", AgentValuationStd, "must be >= 0");
        Require(DemandNoiseStd >= 0, "demand-noise-std", DemandNoiseStd, "must be >= 0");
        Require(DemandTotal > 0, "demand-total", DemandTotal, "must be > 0");
        Require(MaxSessionEvents >= 1, "max-session-events", MaxSessionEvents, "must be at least 1");
        Require(ActionLevels >= 1, "action-levels", ActionLevels, "must be at least 1");
        Require(ActionScaleMin > 0, "action-scale-min", ActionScaleMin, "must be > 0");
        Require(ActionScaleMax >= ActionScaleMin, "action-scale-max", ActionScaleMax, "must be >= action-scale-min");
        Require(AnchorWeight is >= 0 and <= 1, "anchor-weight", AnchorWeight, "must be in [0, 1]");
        Require(AnchorCapRatio * AnchorPrice >= PriceMin, "anchor-cap-ratio", AnchorCapRatio, "must leave a cap at or above price-min");
        Require(SupraReference > 0, "supra-reference", SupraReference, "must be > 0");
        Require(MaxSteps >= 1, "max-steps", MaxSteps, "must be at least 1");
        Require(MarginPatience >= 1, "margin-patience", MarginPatience, "must be at least 1");
        Require(RobustRadius >= 0, "robust-radius", RobustRadius, "must be >= 0");
        Require(RobustPoints >= 1, "robust-points", RobustPoints, "must be at least 1");
    }

    private static void Require(bool ok, string key, double value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"phantom.training.simulator.{key} = {value}: {rule}"));
        }
    }
}
