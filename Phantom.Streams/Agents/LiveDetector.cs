using Phantom.Streams.Sessions;

namespace Phantom.Streams.Agents;

/// <summary>
/// The hand-set live detector: σ(bias + Σ w·x) over a session's features (<see cref="SessionFeatures"/>) and a few
/// inputs derived from them. Everything it reads is kept incrementally by the session, so a score costs a snapshot and
/// a short dot product, independent of the session's length. Immutable; built once per model.
/// </summary>
public sealed class LiveDetector : ISessionScorer
{
    /// <summary>Inputs beyond the feature names.</summary>
    /// <remarks>
    /// <c>logit_agent_probability</c>: logit f(τ) (f clamped to [1e-6, 1 − 1e-6]);
    /// <c>gap_speed</c>: ln(1 + pivot) − ln(1 + avg_time_between_events) with at least 1 gap, else 0 (positive when
    /// faster than the pivot); <c>gap_regularity</c>: pivot − std/avg of the gaps with at least 2 gaps, else 0
    /// (positive when more regular than the pivot; a zero mean counts as coefficient of variation 0).
    /// </remarks>
    public static IReadOnlyList<string> DerivedInputs { get; } = ["logit_agent_probability", "gap_speed", "gap_regularity"];

    private const int LogitInput = -1;
    private const int SpeedInput = -2;
    private const int RegularityInput = -3;

    // Positions of the features the derived inputs are computed from.
    private static readonly int TotalInteractionsIndex = SessionFeatures.IndexOf("total_interactions");
    private static readonly int AvgGapIndex = SessionFeatures.IndexOf("avg_time_between_events");
    private static readonly int StdGapIndex = SessionFeatures.IndexOf("std_time_between_events");
    private static readonly int AgentProbabilityIndex = SessionFeatures.IndexOf("agent_probability");

    private readonly int[] _inputs;
    private readonly double[] _weights;
    private readonly double _bias;
    private readonly double _speedPivot;
    private readonly double _regularityPivot;

    /// <exception cref="ArgumentException">A weight names neither a feature, a derived input nor <c>bias</c>, or is not finite.</exception>
    public LiveDetector(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inputs = new List<int>();
        var weights = new List<double>();
        foreach (var (name, weight) in options.Detector)
        {
            if (!double.IsFinite(weight))
            {
                throw new ArgumentException($"phantom.agent.detector.{name} = {weight}; it must be finite");
            }

            if (name == "bias")
            {
                _bias = weight;
                continue;
            }

            var input = name switch
            {
                "logit_agent_probability" => LogitInput,
                "gap_speed" => SpeedInput,
                "gap_regularity" => RegularityInput,
                _ => SessionFeatures.IndexOf(name),
            };
            if (input == -1 && name != "logit_agent_probability")
            {
                throw new ArgumentException($"phantom.agent.detector.{name}: not a session feature, derived input or 'bias'");
            }

            if (weight != 0)
            {
                inputs.Add(input);
                weights.Add(weight);
            }
        }

        _inputs = [.. inputs];
        _weights = [.. weights];
        _speedPivot = Math.Log(1 + options.DetectorGapPivotSeconds);
        _regularityPivot = options.DetectorRegularityPivot;
    }

    /// <inheritdoc />
    public string Description => "hand-set (phantom.agent.detector)";

    /// <summary>The detector's probability that the session is an agent.</summary>
    public double Score(in SessionFeatures features)
    {
        Span<double> vector = stackalloc double[SessionFeatures.Count];
        features.CopyTo(vector);
        var z = _bias;
        for (var i = 0; i < _inputs.Length; i++)
        {
            var input = _inputs[i];
            var x = input switch
            {
                LogitInput => LogitOf(features.AgentProbability),
                SpeedInput => features.TotalInteractions >= 2 ? _speedPivot - Math.Log(1 + features.AvgTimeBetweenEvents) : 0.0,
                RegularityInput => features.TotalInteractions >= 3 ? _regularityPivot - CoefficientOfVariation(features) : 0.0,
                _ => vector[input],
            };
            z += _weights[i] * x;
        }

        return KernelDivergence.Sigmoid(z);
    }

    /// <summary>
    /// The same score as <see cref="Score(in SessionFeatures)"/> of the session's <see cref="SessionEntity.Snapshot"/>,
    /// bit for bit, but reading only the features the nonzero weights use (the hot path prices every product event,
    /// and a full snapshot computes thirty features, sketch estimates and f(τ) among them, to use six).
    /// </summary>
    public double Score(SessionEntity session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var z = _bias;
        for (var i = 0; i < _inputs.Length; i++)
        {
            var input = _inputs[i];
            var x = input switch
            {
                LogitInput => LogitOf(session.Feature(AgentProbabilityIndex)),
                SpeedInput => session.Feature(TotalInteractionsIndex) >= 2 ? _speedPivot - Math.Log(1 + session.Feature(AvgGapIndex)) : 0.0,
                RegularityInput => session.Feature(TotalInteractionsIndex) >= 3
                    ? _regularityPivot - CoefficientOfVariation(session.Feature(AvgGapIndex), session.Feature(StdGapIndex))
                    : 0.0,
                _ => session.Feature(input),
            };
            z += _weights[i] * x;
        }

        return KernelDivergence.Sigmoid(z);
    }

    private static double LogitOf(double p) => KernelDivergence.Logit(Math.Clamp(p, 1e-6, 1 - 1e-6));

    private static double CoefficientOfVariation(in SessionFeatures f) => CoefficientOfVariation(f.AvgTimeBetweenEvents, f.StdTimeBetweenEvents);

    private static double CoefficientOfVariation(double mean, double std) => mean > 0 ? std / mean : 0.0;
}
