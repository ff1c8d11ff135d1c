namespace Phantom.Streams.Flow.Taps;

/// <summary>A price the shadow policy would have shown, beside the one served. The session id is the entity's own string (no copy).</summary>
public struct ShadowQuote
{
    public string? SessionId;
    public int ProductIndex;
    public double Served;
    public double Shadow;
    public double AgentProbability;
}
