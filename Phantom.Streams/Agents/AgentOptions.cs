namespace Phantom.Streams.Agents;

/// <summary><c>phantom.agent</c>: how f(τ) and the live detector score a session (PHANTOM-MODEL.md section 2).</summary>
public sealed class AgentOptions
{
    /// <summary>Temperature T in f = σ((Δ_H − Δ_A)/T + logit(prior)).</summary>
    public double Temperature { get; set; } = 1.0;

    /// <summary>Prior agent probability; also f for sessions with fewer than 2 events.</summary>
    public double Prior { get; set; } = 0.5;

    /// <summary>ε inside ln(q + ε) of the KL divergences.</summary>
    public double Epsilon { get; set; } = 1e-10;

    /// <summary>Reference kernels by name (<c>human</c>, <c>agent</c>): rows of source state to next-state probabilities.</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, double>>> Kernels { get; set; } = DefaultKernels();

    /// <summary>
    /// Weights of the live detector's logistic score (name to weight, plus <c>bias</c>): any session feature name of
    /// <see cref="Sessions.SessionFeatures.FeatureNames"/>, or one of the derived inputs of
    /// <see cref="LiveDetector.DerivedInputs"/>. Hand-set defaults, until a trained detector replaces them: agents are
    /// fast and regular (short, evenly spaced gaps) and run headless or under automation, humans are slow and
    /// irregular and hover; the kernel evidence enters as logit f(τ) at its own scale. Each gap input is 0 until a
    /// session has the gaps it needs, so a fresh session scores σ(bias) = 0.5, the same as the prior.
    /// </summary>
    public Dictionary<string, double> Detector { get; set; } = DefaultDetector();

    /// <summary>
    /// Pivot of the detector's <c>gap_speed</c> input: sessions whose mean gap is shorter than this many seconds look
    /// faster than a human reading a page.
    /// </summary>
    public double DetectorGapPivotSeconds { get; set; } = 5.0;

    /// <summary>
    /// Pivot of the detector's <c>gap_regularity</c> input: gap coefficients of variation below it look scripted
    /// (human gaps vary about as much as their mean, a scheduler's much less).
    /// </summary>
    public double DetectorRegularityPivot { get; set; } = 0.5;

    public static Dictionary<string, double> DefaultDetector() => new()
    {
        ["bias"] = 0.0,
        ["logit_agent_probability"] = 1.0,
        ["gap_speed"] = 1.5,
        ["gap_regularity"] = 1.5,
        ["is_headless"] = 3.0,
        ["is_automation"] = 4.0,
        ["hover_intensity"] = -2.0,
    };

    public static Dictionary<string, Dictionary<string, Dictionary<string, double>>> DefaultKernels() => new()
    {
        ["human"] = new()
        {
            ["session_start"] = new() { ["page_view"] = .80, ["view_item_page"] = .15, ["session_end"] = .05 },
            ["page_view"] = new() { ["view_item_page"] = .55, ["search"] = .25, ["session_end"] = .20 },
            ["view_item_page"] = new() { ["learn_more_about_item"] = .40, ["add_item_to_cart"] = .28, ["session_end"] = .32 },
            ["learn_more_about_item"] = new() { ["add_item_to_cart"] = .50, ["view_item_page"] = .30, ["session_end"] = .20 },
            ["add_item_to_cart"] = new() { ["checkout_start"] = .58, ["view_item_page"] = .24, ["session_end"] = .18 },
            ["checkout_start"] = new() { ["purchase_complete"] = .70, ["session_end"] = .30 },
            ["purchase_complete"] = new() { ["session_end"] = 1.0 },
        },
        ["agent"] = new()
        {
            ["session_start"] = new() { ["page_view"] = .90, ["view_item_page"] = .08, ["session_end"] = .02 },
            ["page_view"] = new() { ["view_item_page"] = .40, ["search"] = .35, ["session_end"] = .25 },
            ["view_item_page"] = new() { ["learn_more_about_item"] = .55, ["add_item_to_cart"] = .15, ["session_end"] = .30 },
            ["learn_more_about_item"] = new() { ["view_item_page"] = .45, ["add_item_to_cart"] = .20, ["session_end"] = .35 },
            ["add_item_to_cart"] = new() { ["checkout_start"] = .42, ["view_item_page"] = .28, ["session_end"] = .30 },
            ["checkout_start"] = new() { ["purchase_complete"] = .52, ["session_end"] = .48 },
            ["purchase_complete"] = new() { ["session_end"] = 1.0 },
        },
    };

    public TransitionKernel HumanKernel() => Kernel("human");

    public TransitionKernel AgentKernel() => Kernel("agent");

    private TransitionKernel Kernel(string name) =>
        Kernels.TryGetValue(name, out var rows)
            ? TransitionKernel.FromRows(name, rows, Epsilon)
            : throw new ArgumentException($"phantom.agent.kernels.{name} is missing");
}
