using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Phantom.Cluster.Ctl;

/// <summary>
/// Speaks the admin API (docs/ADMIN-API.md) of one node for <c>phantom ctl</c>. Every failure becomes a
/// <see cref="CtlException"/> that names the node and the reason: unreachable, bad key, not found (with what the node
/// said), or the node's own error.
/// </summary>
public sealed class CtlClient : IDisposable
{
    public const string KeyHeader = "X-Phantom-Key";

    private readonly HttpClient _http;

    /// <param name="node"><c>host:port</c> or an http:// URL.</param>
    /// <param name="key">The API key, or null/empty to send none.</param>
    public CtlClient(string node, string? key, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        Node = Normalize(node);
        BaseAddress = new Uri($"http://{Node}/");
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = BaseAddress;
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(10);
        if (!string.IsNullOrEmpty(key))
        {
            _http.DefaultRequestHeaders.Add(KeyHeader, key);
        }
    }

    /// <summary>The node as <c>host:port</c>, the way messages name it.</summary>
    public string Node { get; }

    public Uri BaseAddress { get; }

    /// <summary><c>host:port</c> from what a user typed (<c>host:port</c>, <c>http://host:port/</c>).</summary>
    /// <exception cref="CtlException">Not a host:port.</exception>
    public static string Normalize(string node)
    {
        var text = (node ?? "").Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || string.IsNullOrEmpty(uri.Host)
            || (uri.AbsolutePath != "/" && uri.AbsolutePath != ""))
        {
            throw new CtlException(CtlExitCodes.Usage, $"--node: '{node}' is not host:port (e.g. 127.0.0.1:5000)");
        }

        return uri.Authority;
    }

    public Task<CtlReply> GetAsync(string path, CancellationToken cancellation = default) =>
        SendAsync(HttpMethod.Get, path, null, cancellation);

    public Task<CtlReply> PostAsync(string path, object? body, CancellationToken cancellation = default) =>
        SendAsync(HttpMethod.Post, path, body, cancellation);

    public async Task<CtlReply> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null || method == HttpMethod.Post)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body ?? new Dictionary<string, object?>()), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, cancellation).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw new CtlException(CtlExitCodes.Unreachable, $"node {Node}: unreachable ({Reason(error)})", error);
        }
        catch (TaskCanceledException error) when (!cancellation.IsCancellationRequested)
        {
            throw new CtlException(CtlExitCodes.Unreachable, $"node {Node}: unreachable (no answer within {_http.Timeout.TotalSeconds:0.#} s)", error);
        }

        using (response)
        {
            var json = Parse(text);
            if (response.IsSuccessStatusCode)
            {
                if (json is null)
                {
                    throw new CtlException(CtlExitCodes.Failed, $"node {Node}: {method} /{path.TrimStart('/')} did not answer JSON");
                }

                return new CtlReply(text, json.Value);
            }

            var said = json is { ValueKind: JsonValueKind.Object } j && j.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var who = json is { ValueKind: JsonValueKind.Object } k && k.TryGetProperty("node", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var name = who is null || who == Node ? $"node {Node}" : $"node {Node} (answering as {who})";
            var status = (int)response.StatusCode;
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    new CtlException(CtlExitCodes.BadKey, $"{name}: bad key ({status}: {said ?? response.ReasonPhrase}); pass --key or set PHANTOM_KEY"),
                HttpStatusCode.NotFound =>
                    new CtlException(CtlExitCodes.NotFound, $"{name}: {said ?? $"no such route /{path.TrimStart('/')} (is this a phantom node of this version?)"}"),
                _ => new CtlException(CtlExitCodes.Failed, $"{name}: {status} {said ?? response.ReasonPhrase}"),
            };
        }
    }

    public void Dispose() => _http.Dispose();

    private static JsonElement? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Reason(HttpRequestException error) => error.InnerException switch
    {
        SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "unknown host",
            SocketError.TimedOut => "timed out",
            _ => socket.Message,
        },
        { } inner => inner.Message,
        null => error.Message,
    };
}
