namespace Phantom.Cluster.Admin;

/// <summary>A refusal that still has a body worth returning beside the error (e.g. a promotion the node would not load).</summary>
public sealed class AdminPayloadException(int status, string message, IReadOnlyDictionary<string, object?> payload) : Exception(message)
{
    public int Status { get; } = status;

    public IReadOnlyDictionary<string, object?> Payload { get; } = payload;
}
