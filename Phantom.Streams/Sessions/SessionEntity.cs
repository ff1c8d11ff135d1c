using Phantom.Streams.Events;

namespace Phantom.Streams.Sessions;

/// <summary>
/// PLACEHOLDER SURFACE (the session-math work replaces the bodies, keeps these members): the state of one session.
/// </summary>
public sealed class SessionEntity
{
    public ulong Key { get; }

    public string SessionId { get; } = "";

    public GroundTruth Truth { get; }

    public StoreMode Mode { get; }

    /// <summary>Events applied so far; the entity's journal sequence number.</summary>
    public long Sequence { get; }

    public long LastEventMs { get; }

    /// <summary>f(τ) from the transition kernels.</summary>
    public double AgentProbability => throw new NotImplementedException();

    /// <summary>The combined live detector: f(τ) with timing, velocity and user-agent features.</summary>
    public double DetectorScore => throw new NotImplementedException();

    /// <summary>The session's demand q̂ (sum of ω over its events).</summary>
    public double Demand => throw new NotImplementedException();

    /// <summary>Events per minute over the session so far.</summary>
    public double InteractionVelocity => throw new NotImplementedException();

    public double CartToViewRatio => throw new NotImplementedException();

    public int ItemViews => throw new NotImplementedException();

    public int ProductViewDepth => throw new NotImplementedException();

    /// <summary>The shield's memory of the last price quoted to this session: product, price, event time.</summary>
    public int QuotedProduct = -1;

    public double QuotedPrice;

    public long QuotedAtMs;

    public void Apply(in InteractionEvent e) => throw new NotImplementedException();
}
