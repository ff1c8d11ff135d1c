using System.Globalization;
using Phantom.Streams.Agents;
using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Streams.Configuration;

/// <summary>
/// Range checks on bound options, each naming the key (and where it was set) so a bad value fails at start-up
/// rather than as a NaN price hours later. All problems are reported at once.
/// </summary>
public static class PhantomOptionsValidator
{
    private static readonly string[] Policies = ["static", "surge", "elasticity", "session-aware"];

    /// <summary>Throws a <see cref="ConfigurationException"/> listing every out-of-range value.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="origins">Where each key path was set (from <see cref="OptionsBinder"/>); keys not in it are C# defaults.</param>
    public static void Validate(PhantomOptions options, IReadOnlyDictionary<string, HoconOrigin>? origins = null)
    {
        var problems = new List<(string Key, string Message)>();

        void Check(bool ok, string key, object value, string rule)
        {
            if (!ok)
            {
                problems.Add((key, $"{key} = {Format(value)} is out of range: {rule}"));
            }
        }

        void Positive(TimeSpan value, string key) => Check(value > TimeSpan.Zero, key, value, "must be a positive duration");
        void Probability(double value, string key) => Check(value is >= 0 and <= 1, key, value, "must be in [0, 1]");
        void NonNegative(double value, string key) => Check(value >= 0, key, value, "must be >= 0");

        var pipeline = options.Pipeline;
        Check(pipeline.Partitions >= 0, "phantom.pipeline.partitions", pipeline.Partitions, "must be >= 0 (0 = one per processor)");
        Check(pipeline.BatchSize > 0, "phantom.pipeline.batch-size", pipeline.BatchSize, "must be > 0");
        Check(pipeline.QueueCapacity > 0, "phantom.pipeline.queue-capacity", pipeline.QueueCapacity, "must be > 0");
        Check(pipeline.Stages.Count > 0 && pipeline.Stages.All(s => !string.IsNullOrWhiteSpace(s)), "phantom.pipeline.stages", pipeline.Stages, "must name at least one stage, none empty");
        Positive(pipeline.DrainTimeout, "phantom.pipeline.drain-timeout");
        Check(pipeline.LatencySampleEvery > 0, "phantom.pipeline.latency-sample-every", pipeline.LatencySampleEvery, "must be > 0");

        var codec = options.Codec;
        Check(codec.MaxEventBytes > 0, "phantom.codec.max-event-bytes", codec.MaxEventBytes, "must be > 0");
        Check(codec.MaxSessionIdBytes > 0, "phantom.codec.max-session-id-bytes", codec.MaxSessionIdBytes, "must be > 0");
        Check(!string.IsNullOrWhiteSpace(codec.HumanExperimentId), "phantom.codec.human-experiment-id", codec.HumanExperimentId, "must not be empty");
        Check(!string.IsNullOrWhiteSpace(codec.AgentExperimentId), "phantom.codec.agent-experiment-id", codec.AgentExperimentId, "must not be empty");
        Check(codec.HumanExperimentId != codec.AgentExperimentId, "phantom.codec.agent-experiment-id", codec.AgentExperimentId, "must differ from human-experiment-id");

        var session = options.Session;
        Positive(session.PassivateIdleAfter, "phantom.session.passivate-idle-after");
        Positive(session.Timeout, "phantom.session.timeout");
        Positive(session.VelocityWindow, "phantom.session.velocity-window");
        Check(session.MaxTrackedUniques > 0, "phantom.session.max-tracked-uniques", session.MaxTrackedUniques, "must be > 0");

        var demand = options.Demand;
        Positive(demand.HalfLife, "phantom.demand.half-life");
        foreach (var (name, weight) in demand.Weights)
        {
            Check(double.IsFinite(weight) && weight >= 0, OptionsBinder.Join("phantom.demand.weights", name), weight, "must be >= 0");
        }

        NonNegative(demand.DefaultWeight, "phantom.demand.default-weight");

        var agent = options.Agent;
        Check(agent.Temperature > 0, "phantom.agent.temperature", agent.Temperature, "must be > 0");
        Check(agent.Prior is > 0 and < 1, "phantom.agent.prior", agent.Prior, "must be in (0, 1) (its logit is used)");
        Check(agent.Epsilon > 0, "phantom.agent.epsilon", agent.Epsilon, "must be > 0");
        foreach (var required in new[] { "human", "agent" })
        {
            Check(agent.Kernels.ContainsKey(required), OptionsBinder.Join("phantom.agent.kernels", required), "(missing)", "the human and agent kernels are both required");
        }

        foreach (var (kernel, rows) in agent.Kernels)
        {
            foreach (var (from, row) in rows)
            {
                foreach (var (to, p) in row)
                {
                    Probability(p, OptionsBinder.Join(OptionsBinder.Join(OptionsBinder.Join("phantom.agent.kernels", kernel), from), to));
                }
            }

            try
            {
                TransitionKernel.FromRows(kernel, rows, Math.Max(agent.Epsilon, double.Epsilon));
            }
            catch (ArgumentException e)
            {
                problems.Add((OptionsBinder.Join("phantom.agent.kernels", kernel), $"{OptionsBinder.Join("phantom.agent.kernels", kernel)} is not a valid kernel: {e.Message}"));
            }
        }

        var pricing = options.Pricing;
        Check(Policies.Contains(pricing.Policy), "phantom.pricing.policy", pricing.Policy, $"must be one of {string.Join(", ", Policies)}");
        Positive(pricing.GlobalStepInterval, "phantom.pricing.global-step-interval");
        Check(pricing.Surge.Low <= pricing.Surge.High, "phantom.pricing.surge.low", pricing.Surge.Low, "must be <= phantom.pricing.surge.high");
        Check(pricing.Surge.High is >= 0 and <= 100, "phantom.pricing.surge.high", pricing.Surge.High, "must be in [0, 100] (q̃ is normalised to 0..100)");
        Check(pricing.Surge.Low is >= 0 and <= 100, "phantom.pricing.surge.low", pricing.Surge.Low, "must be in [0, 100] (q̃ is normalised to 0..100)");
        Check(pricing.Surge.Up > 0, "phantom.pricing.surge.up", pricing.Surge.Up, "must be > 0");
        Check(pricing.Surge.Down > 0, "phantom.pricing.surge.down", pricing.Surge.Down, "must be > 0");
        NonNegative(pricing.Elasticity.Sensitivity, "phantom.pricing.elasticity.sensitivity");
        NonNegative(pricing.Elasticity.DefaultElasticity, "phantom.pricing.elasticity.default-elasticity");
        Check(pricing.Elasticity.MinObservations >= 2, "phantom.pricing.elasticity.min-observations", pricing.Elasticity.MinObservations, "must be >= 2 (a slope needs two points)");
        var aware = pricing.SessionAware;
        NonNegative(aware.VelocityThreshold, "phantom.pricing.session-aware.velocity-threshold");
        Check(aware.VelocityMarkup > 0, "phantom.pricing.session-aware.velocity-markup", aware.VelocityMarkup, "must be > 0");
        NonNegative(aware.DepthCoefficient, "phantom.pricing.session-aware.depth-coefficient");
        NonNegative(aware.CartViewThreshold, "phantom.pricing.session-aware.cart-view-threshold");
        Check(aware.CartMarkup > 0, "phantom.pricing.session-aware.cart-markup", aware.CartMarkup, "must be > 0");
        NonNegative(aware.AgentDefenceStrength, "phantom.pricing.session-aware.agent-defence-strength");
        var shield = pricing.Shield;
        Check(shield.Floor > 0 && shield.Floor <= 1, "phantom.pricing.shield.floor", shield.Floor, "must be in (0, 1] (floor <= 1 <= cap)");
        Check(shield.Cap >= 1, "phantom.pricing.shield.cap", shield.Cap, "must be >= 1 (floor <= 1 <= cap)");
        Check(shield.MaxChange > 0, "phantom.pricing.shield.max-change", shield.MaxChange, "must be > 0");
        Positive(shield.ChangeInterval, "phantom.pricing.shield.change-interval");
        NonNegative(pricing.PriceFloor, "phantom.pricing.price-floor");
        NonNegative(pricing.InfoValue, "phantom.pricing.info-value");

        var catalog = options.Catalog;
        Check(catalog.Dates > 0, "phantom.catalog.dates", catalog.Dates, "must be > 0");
        foreach (var (name, price) in catalog.Hotel)
        {
            Check(price > 0, OptionsBinder.Join("phantom.catalog.hotel", name), price, "a base price must be > 0");
        }

        foreach (var (name, price) in catalog.Airline)
        {
            Check(price > 0, OptionsBinder.Join("phantom.catalog.airline", name), price, "a base price must be > 0");
        }

        Check(catalog.UnknownProductBasePrice > 0, "phantom.catalog.unknown-product-base-price", catalog.UnknownProductBasePrice, "must be > 0");
        Check(catalog.MaxProducts > 0, "phantom.catalog.max-products", catalog.MaxProducts, "must be > 0");

        var generator = options.Generator;
        Probability(generator.Alpha, "phantom.generator.alpha");
        Check(generator.ConcurrentSessions > 0, "phantom.generator.concurrent-sessions", generator.ConcurrentSessions, "must be > 0");
        Check(generator.MaxEventsPerSession > 0, "phantom.generator.max-events-per-session", generator.MaxEventsPerSession, "must be > 0");
        Check(
            DateTimeOffset.TryParse(generator.StartTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            "phantom.generator.start-time",
            generator.StartTime,
            "must be an ISO-8601 time such as 2025-11-25T20:00:00.000Z");
        foreach (var (name, cls) in new[] { ("human", generator.Human), ("agent", generator.Agent) })
        {
            var key = $"phantom.generator.{name}";
            NonNegative(cls.ValuationStd, $"{key}.valuation-std");
            Positive(cls.GapMedian, $"{key}.gap-median");
            NonNegative(cls.GapSpread, $"{key}.gap-spread");
            Probability(cls.HoverRate, $"{key}.hover-rate");
            Probability(cls.HeadlessShare, $"{key}.headless-share");
            Probability(cls.AutomationShare, $"{key}.automation-share");
        }

        if (problems.Count == 0)
        {
            return;
        }

        var lines = problems.Select(p => origins is not null && origins.TryGetValue(p.Key, out var o) ? $"{p.Message} (set at {o})" : p.Message);
        var first = problems[0].Key;
        HoconOrigin? firstOrigin = origins is not null && origins.TryGetValue(first, out var fo) ? fo : null;
        throw new ConfigurationException(string.Join(Environment.NewLine, lines), firstOrigin, first);
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        string s => $"\"{s}\"",
        IEnumerable<string> list => "[" + string.Join(", ", list) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
