namespace Phantom.Cluster.Http;

/// <summary>One component's entry in <c>GET /health</c>.</summary>
/// <param name="Status"><c>up</c>, <c>degraded</c>, <c>down</c> or <c>disabled</c>.</param>
/// <param name="Details">Extra figures shown with it (snake_case keys, JSON-serialisable values).</param>
public sealed record ComponentHealth(string Status, IReadOnlyDictionary<string, object?>? Details = null)
{
    public const string Up = "up";
    public const string Degraded = "degraded";
    public const string Down = "down";
    public const string Disabled = "disabled";
}
