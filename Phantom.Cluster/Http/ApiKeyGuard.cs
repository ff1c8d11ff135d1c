using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Phantom.Cluster.Http;

/// <summary>
/// The <c>X-Phantom-Key</c> check of ingest and admin routes: 401 when the header is missing, 403 when it is wrong,
/// both with the admin API's error body <c>{"error", "node"}</c> (docs/ADMIN-API.md) so a client can say which node
/// refused it. The comparison takes the same time whatever the key, so the key cannot be guessed byte by byte.
/// </summary>
public sealed class ApiKeyGuard(string apiKey, HttpCounters counters) : IEndpointFilter
{
    public const string HeaderName = "X-Phantom-Key";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(apiKey ?? "");

    /// <summary>Whether a key is configured at all (empty: the guarded routes are open).</summary>
    public bool Enabled => _key.Length > 0;

    /// <summary>
    /// The node id errors name (a cluster node sets its registry id once it is known); null: the address the request
    /// reached (<c>host:port</c>), which is also the default node id.
    /// </summary>
    public string? NodeId { get; set; }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!Enabled)
        {
            return next(context);
        }

        var presented = context.HttpContext.Request.Headers[HeaderName];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            counters.CountUnauthorized();
            return ValueTask.FromResult<object?>(Refuse(context.HttpContext, StatusCodes.Status401Unauthorized, $"missing {HeaderName} header"));
        }

        var given = Encoding.UTF8.GetBytes(presented[0]!);
        if (!CryptographicOperations.FixedTimeEquals(given, _key))
        {
            counters.CountUnauthorized();
            return ValueTask.FromResult<object?>(Refuse(context.HttpContext, StatusCodes.Status403Forbidden, $"wrong {HeaderName}"));
        }

        return next(context);
    }

    private IResult Refuse(HttpContext context, int status, string reason) =>
        Results.Json(new Dictionary<string, object?> { ["error"] = reason, ["node"] = NodeId ?? Reached(context) }, statusCode: status);

    private static string Reached(HttpContext context) =>
        context.Request.Host.HasValue ? context.Request.Host.Value! : $"{context.Connection.LocalIpAddress}:{context.Connection.LocalPort}";
}
