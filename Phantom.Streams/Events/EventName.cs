namespace Phantom.Streams.Events;

/// <summary>
/// The 17 interaction names of CONTRACTS.md, plus the implicit <see cref="SessionEnd"/> state that a trajectory
/// reaches when its session passivates or completes. The numeric value is the behaviour-state index used by the
/// transition kernels, so the order is part of the model's contract: append, never reorder.
/// </summary>
public enum EventName : byte
{
    SessionStart = 0,
    PageView = 1,
    ViewItemPage = 2,
    LearnMoreAboutItem = 3,
    AddItemToCart = 4,
    RemoveItem = 5,
    CheckoutStart = 6,
    PurchaseComplete = 7,
    Search = 8,
    FilterForDate = 9,
    FilterForAmenities = 10,
    FilterForPrice = 11,
    SortChange = 12,
    HoverOverTitle = 13,
    HoverOverParagraph = 14,
    HoverOverLink = 15,
    HoverOverButton = 16,

    /// <summary>Not a wire name: the absorbing state after a session's last event.</summary>
    SessionEnd = 17,
}
