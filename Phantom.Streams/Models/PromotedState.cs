namespace Phantom.Streams.Models;

/// <summary>
/// What the registry's pointers promote for the kinds the live path serves; null means nothing is promoted (the
/// configured defaults). Records compare by value, so the watch reloads exactly when a pointer changed.
/// </summary>
public sealed record PromotedState(PromotionRecord? Kernels, PromotionRecord? Detector)
{
    /// <summary>Nothing promoted: configured kernels and the hand-set detector.</summary>
    public static PromotedState None { get; } = new(null, null);

    public override string ToString() => $"kernels {Kernels?.Reference ?? "configured"}, detector {Detector?.Reference ?? "hand-set"}";
}
