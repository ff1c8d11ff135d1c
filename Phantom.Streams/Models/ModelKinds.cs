namespace Phantom.Streams.Models;

/// <summary>
/// The kinds of model artifact as they are spelled on disk (the <c>kind</c> of <c>model.json</c>, the names of the
/// promoted pointers). Training's <c>ModelKind</c> enum serialises to exactly these names.
/// </summary>
public static class ModelKinds
{
    /// <summary>Human and agent transition kernels for f(τ); served live.</summary>
    public const string Kernels = "kernels";

    /// <summary>A session classifier, P(agent) from session features; served live.</summary>
    public const string Detector = "detector";

    /// <summary>The shared-encoder network with agent and purchase heads; registry only for now.</summary>
    public const string MultiTask = "multi_task";

    /// <summary>A pricing policy trained on the market simulator; registry only for now.</summary>
    public const string Policy = "policy";

    /// <summary>Every kind, in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [Kernels, Detector, MultiTask, Policy];

    /// <summary>The kinds a running pipeline loads from their promoted pointers.</summary>
    public static IReadOnlyList<string> Live { get; } = [Kernels, Detector];

    /// <summary>True for one of <see cref="All"/>.</summary>
    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}
