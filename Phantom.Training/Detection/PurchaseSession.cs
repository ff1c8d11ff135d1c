using Phantom.Streams.Events;
using Phantom.Streams.Sessions;
using Phantom.Training.Replay;

namespace Phantom.Training.Detection;

/// <summary>
/// One session as a multi-task row sees it: its label, its features at the moment that matters for a purchase (right
/// after its first <c>add_item_to_cart</c>, or at its end when it never carted), whether it carted and whether it
/// went on to buy.
/// </summary>
public sealed record PurchaseSession(GroundTruth Label, SessionFeatures Features, bool Carted, bool Purchased)
{
    /// <summary>The event whose first occurrence the purchase rows are snapshotted after.</summary>
    public const EventName DecisionEvent = EventName.AddItemToCart;

    /// <summary>
    /// From a session replayed with <see cref="ReplayOptions.SnapshotAfterFirst"/> = <see cref="DecisionEvent"/>.
    /// </summary>
    public static PurchaseSession From(ReplayedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new PurchaseSession(session.Label, session.MarkedFeatures ?? session.Features, session.MarkedFeatures is not null, session.Features.Purchases > 0);
    }
}
