namespace Phantom.Streams.Codec;

/// <summary><c>phantom.codec</c>: limits on input events (CONTRACTS.md).</summary>
public sealed class CodecOptions
{
    /// <summary>Largest accepted event in bytes; larger records are rejected as oversize.</summary>
    public int MaxEventBytes { get; set; } = 16 * 1024;

    /// <summary>Longest accepted <c>sessionId</c> in UTF-8 bytes.</summary>
    public int MaxSessionIdBytes { get; set; } = 128;

    /// <summary>The <c>experimentId</c> the traffic generator stamps on human sessions.</summary>
    public string HumanExperimentId { get; set; } = "00000000-0000-4000-8000-00000000001a";

    /// <summary>The <c>experimentId</c> the traffic generator stamps on agent sessions.</summary>
    public string AgentExperimentId { get; set; } = "00000000-0000-4000-8000-00000000002b";
}
