using Microsoft.AspNetCore.Http;

namespace Phantom.Cluster.Membership;

/// <summary>
/// Forwards a request one hop to the node that owns the session's shard and copies its answer back. The forwarded
/// request carries <see cref="ForwardedHeader"/> (this node's id): a node receiving it answers locally whatever it
/// hosts, so a stale registry can never bounce a request between nodes. The answer carries
/// <see cref="AnsweredByHeader"/> with the owner's id.
/// </summary>
public sealed class QueryForwarder : IDisposable
{
    /// <summary>Set on a forwarded request: answer here, never forward again.</summary>
    public const string ForwardedHeader = "X-Phantom-Forwarded";

    /// <summary>Set on a forwarded answer: the node that produced it.</summary>
    public const string AnsweredByHeader = "X-Phantom-Answered-By";

    private readonly HttpClient _client;
    private readonly ClusterMember _member;
    private readonly string _apiKey;
    private long _forwarded;
    private long _failed;

    /// <param name="member">This node (its id goes in <see cref="ForwardedHeader"/>; its forward timeout bounds each hop).</param>
    /// <param name="apiKey">The cluster's API key (every node shares it), sent as <c>X-Phantom-Key</c>.</param>
    public QueryForwarder(ClusterMember member, string apiKey)
    {
        _member = member ?? throw new ArgumentNullException(nameof(member));
        _apiKey = apiKey ?? "";
        var timeout = member.ForwardTimeout;
        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = timeout })
        {
            Timeout = timeout,
        };
    }

    /// <summary>Requests answered by their owner through this node.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Forwards that failed (owner unreachable, timeout); the caller answered from what it had.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Whether <paramref name="request"/> was forwarded by another node (so it must be answered here).</summary>
    public static bool IsForwarded(HttpRequest request) => request.Headers.ContainsKey(ForwardedHeader);

    /// <summary>
    /// Sends <paramref name="context"/>'s request (method, path, query) to <paramref name="owner"/> and writes its answer
    /// (status, content type, body) as this request's response. False, with nothing written, when the owner could
    /// not be reached or did not answer in time.
    /// </summary>
    public async Task<bool> TryForwardAsync(HttpContext context, NodeRecord owner)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(owner);
        var request = context.Request;
        var target = new Uri(owner.Address.TrimEnd('/') + request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        message.Headers.TryAddWithoutValidation(ForwardedHeader, _member.Id);
        if (_apiKey.Length > 0)
        {
            message.Headers.TryAddWithoutValidation(Http.ApiKeyGuard.HeaderName, _apiKey);
        }

        if (request.ContentLength is > 0)
        {
            message.Content = new StreamContent(request.Body);
            if (request.ContentType is { } type)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        byte[] body;
        HttpResponseMessage answer;
        try
        {
            answer = await _client.SendAsync(message, context.RequestAborted).ConfigureAwait(false);
            body = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            return false;
        }

        using (answer)
        {
            Interlocked.Increment(ref _forwarded);
            context.Response.StatusCode = (int)answer.StatusCode;
            if (answer.Content.Headers.ContentType is { } contentType)
            {
                context.Response.ContentType = contentType.ToString();
            }

            context.Response.Headers[AnsweredByHeader] = owner.Id;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            return true;
        }
    }

    public void Dispose() => _client.Dispose();
}
