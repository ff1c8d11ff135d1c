using Phantom.Streams.Events;

namespace Phantom.Streams.Generation;

/// <summary>
/// One session slot of the generator, reused when its session ends. Holds the session's next (pending) event fully
/// drawn, so writing it is a pure function and a write that does not fit the caller's buffer changes nothing.
/// </summary>
internal struct GeneratorSession
{
    public ulong Key;

    /// <summary>Event time of the pending event, Unix ms.</summary>
    public long NextMs;

    /// <summary>The pending event.</summary>
    public EventName Pending;

    /// <summary>The last kernel state emitted (hovers do not move it); the source row of the next kernel draw.</summary>
    public EventName KernelState;

    /// <summary>Index into the mode's product list of the product being looked at, -1 before the first.</summary>
    public int Product;

    public int Emitted;

    /// <summary>Hovers emitted since the last kernel step (the chain is capped).</summary>
    public int HoverChain;

    /// <summary>dwellTime of the pending hover, ms.</summary>
    public int DwellMs;

    public bool IsAgent;

    public StoreMode Mode;

    /// <summary>Index of the session's user agent in the generator's pool.</summary>
    public int UserAgent;
}
