using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Phantom.Tests.Ctl;

/// <summary>
/// A stand-in for a node's cluster-wide admin routes (<c>/admin/cluster</c>, <c>/admin/shards</c>,
/// <c>/admin/sessions</c>), answering the JSON of docs/ADMIN-API.md from fixed bodies, behind a key. Those routes are
/// written on another branch; after the merge the ctl tests of these commands can point at a real node instead.
/// </summary>
internal sealed class FakeAdminServer : IAsyncDisposable
{
    public const string Key = "fake-key";

    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakeAdminServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Node => $"127.0.0.1:{Port}";

    /// <summary>Routes ("GET /admin/cluster") to (status, body).</summary>
    public ConcurrentDictionary<string, (int Status, string Body)> Routes { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request seen, as "METHOD /path?query".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public const string Cluster = """
        {"self":"node-a","cluster":"phantom","nodes":[
          {"id":"node-a","address":"127.0.0.1:5000","roles":["ingest","pricing","api"],"version":"1.0.0","started":"2026-11-22T01:00:00Z","last_heartbeat":"2026-11-22T01:10:00Z","status":"up","shards":[0,1,2,3],"entities":1200,"lag":5,"events_per_second":850.5},
          {"id":"node-b","address":"127.0.0.1:5002","roles":["pricing"],"version":"1.0.0","started":"2026-11-22T01:01:00Z","last_heartbeat":"2026-11-22T01:10:00Z","status":"leaving","shards":[4,5,7],"entities":900,"lag":12,"events_per_second":610.25},
          {"id":"node-c","address":"127.0.0.1:5004","roles":["api"],"version":"1.0.0","started":"2026-11-22T01:02:00Z","last_heartbeat":"2026-11-22T01:05:00Z","status":"unreachable","shards":[],"entities":0,"lag":0,"events_per_second":0}]}
        """;

    public const string Shards = """
        {"nodes":[{"node":"node-a","shards":[0,1,2,3],"entities":1200,"lag":5,"events_per_second":850.5},
                  {"node":"node-b","shards":[4,5,7],"entities":900,"lag":12,"events_per_second":610.25}]}
        """;

    public const string Where = """{"session_id":"sess-42","shard":5,"node":"node-b","address":"127.0.0.1:5002"}""";

    public const string Session = """
        {"session_id":"sess-42","shard":5,"node":"node-b","events":17,"last_sequence":17,
         "features":{"total_interactions":17,"item_views":6,"cart_to_view_ratio":0.1667},
         "f_tau":0.8123,"q_hat":{"session":3.25,"products":{"hotel-deluxe-01":2.5,"hotel-suite-02":0.75}},
         "prices":{"hotel-deluxe-01":151.2},
         "last_events":[{"sequence":17,"event":"view_item_page","product_id":"hotel-deluxe-01"}]}
        """;

    public const string Events = """
        {"events":[{"seq":1,"at":"2026-11-22T01:00:00Z","node":"node-a","kind":"joined","detail":"roles ingest,pricing,api"},
                   {"seq":2,"at":"2026-11-22T01:00:01Z","node":"node-a","kind":"up","detail":""},
                   {"seq":3,"at":"2026-11-22T01:05:30Z","node":"node-c","kind":"unreachable","detail":"missed 3 heartbeats"}],"last":3}
        """;

    /// <summary>A server answering the contract's sample state.</summary>
    public static FakeAdminServer WithContractState()
    {
        var server = new FakeAdminServer();
        server.Routes["GET /admin/cluster"] = (200, Cluster);
        server.Routes["GET /admin/shards"] = (200, Shards);
        server.Routes["GET /admin/shards/where/sess-42"] = (200, Where);
        server.Routes["GET /admin/sessions/sess-42"] = (200, Session);
        server.Routes["GET /admin/cluster/events"] = (200, Events);
        server.Routes["POST /admin/cluster/leave/node-b"] = (200, """{"node":"node-b","status":"leaving"}""");
        server.Routes["POST /admin/cluster/down/node-c"] = (200, """{"node":"node-c","status":"down"}""");
        server.Routes["POST /admin/cluster/down/node-a"] = (409, """{"error":"node-a is still heartbeating","node":"node-a"}""");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener closing ends the loop.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var request = context.Request;
            var path = request.Url!.AbsolutePath;
            Requests.Enqueue($"{request.HttpMethod} {request.Url.PathAndQuery}");
            (int Status, string Body) answer;
            if (request.Headers["X-Phantom-Key"] != Key)
            {
                answer = (401, """{"error":"missing X-Phantom-Key header","node":"node-a"}""");
            }
            else if (!Routes.TryGetValue($"{request.HttpMethod} {path}", out answer))
            {
                answer = path.StartsWith("/admin/sessions/", StringComparison.Ordinal) || path.StartsWith("/admin/shards/where/", StringComparison.Ordinal)
                    ? (404, """{"error":"no node has session","node":"node-a"}""")
                    : (404, """{"error":"not found","node":"node-a"}""");
            }

            // A tail asks for more after the last event: the log has nothing new.
            if (path == "/admin/cluster/events" && request.QueryString["after"] is { } after && after != "0")
            {
                answer = (200, """{"events":[],"last":3}""");
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
