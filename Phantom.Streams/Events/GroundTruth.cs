namespace Phantom.Streams.Events;

/// <summary>
/// What an event's <c>experimentId</c> says about who produced the session. The traffic generator stamps it so the
/// demo can score its own detection; real traffic is <see cref="Unknown"/> unless an experiments file labels it.
/// </summary>
public enum GroundTruth : byte
{
    Unknown = 0,
    Human = 1,
    Agent = 2,
}
