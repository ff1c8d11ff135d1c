using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Phantom.Cluster.Http;

namespace Phantom.Cluster.Dashboard;

/// <summary>
/// The dashboard's routes, open like <c>/health</c> and <c>/metrics</c> (read-only aggregates, no session ids, no
/// controls; see DASHBOARD.md for why it needs no key):
/// <list type="bullet">
/// <item><c>GET /dashboard</c>: the page (HTML, CSS and script in one response; nothing loaded from elsewhere).</item>
/// <item><c>GET /dashboard/stream</c>: server-sent events, one <c>data:</c> JSON frame per second.</item>
/// <item><c>GET /dashboard/snapshot</c>: the current frame as JSON, for scripts and curl.</item>
/// </list>
/// </summary>
public static class DashboardEndpoints
{
    public const string PagePath = "/dashboard";
    public const string StreamPath = "/dashboard/stream";
    public const string SnapshotPath = "/dashboard/snapshot";

    private static readonly byte[] Page = Encoding.UTF8.GetBytes(DashboardPage.Html);
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();

    /// <summary>Maps the three routes on <paramref name="http"/> (before it starts).</summary>
    public static void Map(PhantomHttpHost http, DashboardBroadcaster broadcaster)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(broadcaster);
        http.MapPublic("GET", PagePath, (Func<HttpContext, Task>)(context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.ContentLength = Page.Length;
            return context.Response.Body.WriteAsync(Page, context.RequestAborted).AsTask();
        }));
        http.MapPublic("GET", SnapshotPath, (Func<HttpContext, Task>)(context =>
        {
            var frame = broadcaster.Current();
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = frame.Json.Length;
            return context.Response.Body.WriteAsync(frame.Json, context.RequestAborted).AsTask();
        }));
        http.MapPublic("GET", StreamPath, (Func<HttpContext, Task>)(context => StreamAsync(context, broadcaster)));
    }

    private static async Task StreamAsync(HttpContext context, DashboardBroadcaster broadcaster)
    {
        // An open stream must not hold the node's shutdown for Kestrel's grace period: end it when the host stops.
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellation = linked.Token;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // a reverse proxy must pass frames on as they come
        var frame = broadcaster.Subscribe();
        try
        {
            await response.Body.WriteAsync("retry: 2000\n\n"u8.ToArray(), cancellation).ConfigureAwait(false);
            while (!cancellation.IsCancellationRequested)
            {
                await response.Body.WriteAsync(DataPrefix, cancellation).ConfigureAwait(false);
                await response.Body.WriteAsync(frame.Json, cancellation).ConfigureAwait(false);
                await response.Body.WriteAsync(FrameEnd, cancellation).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
                frame = await broadcaster.NextAsync(frame, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the node is stopping: the normal end of a stream.
        }
        catch (IOException)
        {
            // The connection broke mid-write.
        }
        finally
        {
            broadcaster.Unsubscribe();
        }
    }
}
