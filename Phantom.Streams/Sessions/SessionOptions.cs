namespace Phantom.Streams.Sessions;

/// <summary><c>phantom.session</c>: session entities and their features (PHANTOM-MODEL.md section 3).</summary>
public sealed class SessionOptions
{
    /// <summary>An entity with no event for this long (event time) leaves memory; its final state is kept for the summary.</summary>
    public TimeSpan PassivateIdleAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A gap between events longer than this does not add to the session's duration.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(900);

    /// <summary>Window of <c>max_velocity_5min</c>.</summary>
    public TimeSpan VelocityWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Distinct pages and products tracked exactly per session; beyond it counts are estimates.</summary>
    public int MaxTrackedUniques { get; set; } = 32;

    public SessionOptions Clone() => (SessionOptions)MemberwiseClone();
}
