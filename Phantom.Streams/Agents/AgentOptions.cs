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

    /// <summary>Weights of the live detector's logistic score over session features (name to weight, plus <c>bias</c>).</summary>
    public Dictionary<string, double> Detector { get; set; } = new();

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
