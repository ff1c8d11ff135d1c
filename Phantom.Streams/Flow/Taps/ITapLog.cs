namespace Phantom.Streams.Flow.Taps;

/// <summary>
/// Where taps write lines a person reads (the node log behind <c>GET /admin/log</c>). Implementations must be
/// thread-safe: every shard writes from its own thread. Taps call it only at a bounded rate, never per event.
/// </summary>
public interface ITapLog
{
    void Write(string category, string message);
}
