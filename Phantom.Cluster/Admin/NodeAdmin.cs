using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Phantom.Cluster.Http;
using Phantom.Cluster.Node;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;
using Phantom.Streams.Flow.Taps;
using Phantom.Streams.Hosting;

namespace Phantom.Cluster.Admin;

/// <summary>
/// The node-local half of the admin API (docs/ADMIN-API.md), behind the API key: <c>GET /admin/stages</c>,
/// <c>POST /admin/stages/attach|detach</c>, <c>GET /admin/log</c>, <c>GET /admin/metrics</c> and
/// <c>POST /admin/models/promote</c>. Owns the node log (ASP.NET's messages, the node's status and warnings, stage
/// changes, model reloads, the <c>log-tap</c> stage) and a one-second timer that samples the event rate and reports
/// a new pipeline failure in the log; the timer ends with the pipeline or the HTTP host, whichever ends first.
/// </summary>
public sealed class NodeAdmin
{
    public const string NodeCategory = "node";
    public const string StagesCategory = "stages";
    public const string ModelsCategory = "models";

    private readonly PhantomRuntime _runtime;
    private readonly PhantomHttpHost _http;
    private readonly Timer _timer;
    private PipelineFailure? _reportedFailure;
    private string? _nodeId;

    private NodeAdmin(PhantomRuntime runtime, PhantomHttpHost http)
    {
        _runtime = runtime;
        _http = http;
        Log = new NodeLog(runtime.Options.Admin.LogCapacity);
        Taps = TapBoard.For(runtime.Services);
        Taps.Log = Log;
        Stages = new StageControl(runtime.Pipeline, PhantomRuntime.BuiltInStages().Names);
        Stages.StageChanged += change => Log.Info(StagesCategory, change.Detail);
        runtime.Models.Reloaded += result => Log.Write(
            result.Outcome == Streams.Models.ModelReloadOutcome.Refused ? NodeLog.Warning : NodeLog.Information,
            ModelsCategory, $"model reload {result.Outcome.ToString().ToLowerInvariant()}: {result.Message}");
        _timer = new Timer(_ => Tick(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        runtime.Pipeline.Completion.ContinueWith(_ => _timer.Dispose(), TaskScheduler.Default);
    }

    /// <summary>Recent log lines (<c>GET /admin/log</c>).</summary>
    public NodeLog Log { get; }

    /// <summary>Attach and detach at run time; <see cref="StageControl.StageChanged"/> is the event to record.</summary>
    public StageControl Stages { get; }

    /// <summary>What the operator's taps report.</summary>
    public TapBoard Taps { get; }

    /// <summary>Events per second over the last seconds.</summary>
    public EventRate Rate { get; } = new();

    /// <summary>The id errors and answers name: <c>host:port</c> of the first bound address unless set (the registry's id).</summary>
    public string NodeId
    {
        get => _nodeId ?? (_http.BoundUrls.Count > 0 && Uri.TryCreate(_http.BoundUrls[0], UriKind.Absolute, out var uri) ? uri.Authority : Environment.MachineName);
        set => _nodeId = value;
    }

    /// <summary>Creates the admin of <paramref name="node"/> and maps its routes (call before the HTTP host starts).</summary>
    public static NodeAdmin Map(NodeHost node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Map(node.Runtime, node.Http);
    }

    /// <summary>As <see cref="Map(NodeHost)"/>, for a runtime and host assembled another way.</summary>
    public static NodeAdmin Map(PhantomRuntime runtime, PhantomHttpHost http)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(http);
        var admin = new NodeAdmin(runtime, http);
        http.AddLoggerProvider(new NodeLogProvider(admin.Log, admin._timer.Dispose)); // the HTTP host's end stops the timer
        http.MapGuarded("GET", "/admin/stages", () => Results.Json(admin.StagesBody()));
        http.MapGuarded("POST", "/admin/stages/attach", (Func<HttpContext, Task<IResult>>)(c => admin.HandleAsync(c, body =>
            admin.StageBody(admin.Stages.Attach(Text(body, "name") ?? "", Text(body, "after"))))));
        http.MapGuarded("POST", "/admin/stages/detach", (Func<HttpContext, Task<IResult>>)(c => admin.HandleAsync(c, body =>
            admin.StageBody(admin.Stages.Detach(Text(body, "name") ?? "")))));
        http.MapGuarded("GET", "/admin/log", (HttpContext c) => admin.LogBody(c.Request.Query));
        http.MapGuarded("GET", "/admin/metrics", () => Results.Json(admin.MetricsBody()));
        http.MapGuarded("POST", "/admin/models/promote", (Func<HttpContext, Task<IResult>>)(c => admin.HandleAsync(c, body =>
        {
            var result = ModelPromotion.Promote(runtime, Text(body, "kind"), Text(body, "name"), Text(body, "version"));
            admin.Log.Info(ModelsCategory, $"promoted {Text(body, "name")}@{((Dictionary<string, object?>)result["promoted"]!)["version"]} via the admin API");
            return result;
        })));
        admin.Log.Info(NodeCategory, $"node starting: {runtime.Partitions} shards, graph {string.Join(" → ", runtime.Pipeline.Graph)}, policy {runtime.Prices.Policy.Name}");
        return admin;
    }

    /// <summary>The <c>GET /admin/stages</c> body.</summary>
    public Dictionary<string, object?> StagesBody()
    {
        var metrics = _runtime.Pipeline.GetMetrics().Stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var graph = Stages.Graph;
        return new Dictionary<string, object?>
        {
            ["stages"] = graph.Select((name, position) =>
            {
                var m = metrics.GetValueOrDefault(name);
                var stage = new Dictionary<string, object?>
                {
                    ["name"] = name,
                    ["position"] = position,
                    ["events"] = m?.In ?? 0,
                    ["stopped"] = m?.Stopped ?? 0,
                    ["failures"] = m?.Failures ?? 0,
                    ["p50_ms"] = Round(m?.P50Ms ?? 0),
                    ["p99_ms"] = Round(m?.P99Ms ?? 0),
                    ["required"] = Stages.IsRequired(name),
                };
                if (Taps.Summary(name) is { } summary)
                {
                    stage["summary"] = summary;
                }

                return stage;
            }).ToArray(),
            ["available"] = Stages.Available,
        };
    }

    /// <summary>The <c>GET /admin/metrics</c> body.</summary>
    public Dictionary<string, object?> MetricsBody()
    {
        var m = _runtime.Pipeline.GetMetrics();
        var pricing = _runtime.Pricing.Snapshot();
        var graph = Stages.Graph;
        return new Dictionary<string, object?>
        {
            ["node"] = NodeId,
            ["state"] = _runtime.Pipeline.State.ToString().ToLowerInvariant(),
            ["events"] = m.EventsProcessed,
            ["events_in"] = m.EventsIn,
            ["completed"] = m.Completed,
            ["rejected"] = m.Rejected,
            ["rejected_by_reason"] = m.RejectedByReason.ToDictionary(r => r.Key.ToWire(), r => r.Value),
            ["failures"] = m.Failures,
            ["dropped"] = m.Dropped,
            ["in_flight"] = m.InFlight,
            ["events_per_second"] = Round(Rate.PerSecond),
            ["live_sessions"] = _runtime.LiveSessions,
            ["partitions"] = _runtime.Partitions,
            ["stages"] = m.Stages.ToDictionary(s => s.Name, s => (object?)new Dictionary<string, object?>
            {
                ["events"] = s.In,
                ["stopped"] = s.Stopped,
                ["failures"] = s.Failures,
                ["p50_ms"] = Round(s.P50Ms),
                ["p99_ms"] = Round(s.P99Ms),
            }),
            ["latency_ms"] = new Dictionary<string, object?>
            {
                ["p50"] = Round(m.EndToEndP50Ms),
                ["p99"] = Round(m.EndToEndP99Ms),
                ["mean"] = Round(m.EndToEndMeanMs),
                ["max"] = Round(m.EndToEndMaxMs),
            },
            ["shards"] = m.Shards.Select(s => new Dictionary<string, object?>
            {
                ["shard"] = s.Shard,
                ["queue_depth"] = s.QueueDepth,
                ["events"] = s.Events,
                ["completed"] = s.Completed,
                ["rejected"] = s.Rejected,
            }).ToArray(),
            ["pricing"] = new Dictionary<string, object?>
            {
                ["policy"] = _runtime.Prices.Policy.Name,
                ["priced_events"] = pricing.PricedEvents,
                ["global_steps"] = _runtime.Prices.Version,
                ["shield_fallbacks"] = _runtime.Prices.ShieldFallbacks,
            },
            ["taps"] = graph.Where(n => Taps.Summary(n) is not null).ToDictionary(n => n, n => (object?)Taps.Summary(n)),
        };
    }

    private IResult LogBody(IQueryCollection query)
    {
        long after = -1;
        var limit = 100;
        if (query.TryGetValue("after", out var afterText) && !long.TryParse(afterText, out after))
        {
            return AdminErrors.Error(StatusCodes.Status422UnprocessableEntity, $"after: '{afterText}' is not a number", NodeId);
        }

        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit < 0))
        {
            return AdminErrors.Error(StatusCodes.Status422UnprocessableEntity, $"limit: '{limitText}' is not a non-negative number", NodeId);
        }

        var (lines, last) = Log.Read(after, limit);
        return Results.Json(new Dictionary<string, object?>
        {
            ["lines"] = lines.Select(l => new Dictionary<string, object?>
            {
                ["seq"] = l.Seq,
                ["at"] = l.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["level"] = l.Level,
                ["category"] = l.Category,
                ["message"] = l.Message,
            }).ToArray(),
            ["last"] = last,
        });
    }

    private Dictionary<string, object?> StageBody(StageChange change) => new()
    {
        ["kind"] = change.Kind,
        ["stage"] = change.Stage,
        ["after"] = change.After,
        ["graph"] = change.Graph,
        ["at"] = change.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<IResult> HandleAsync(HttpContext context, Func<JsonElement, Dictionary<string, object?>> handle)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            body = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            return AdminErrors.Error(StatusCodes.Status422UnprocessableEntity, $"body is not JSON: {error.Message}", NodeId);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return AdminErrors.Error(StatusCodes.Status422UnprocessableEntity, "body must be a JSON object", NodeId);
        }

        try
        {
            return Results.Json(handle(body));
        }
        catch (AdminException error)
        {
            return AdminErrors.Error(error.Status, error.Message, NodeId);
        }
        catch (AdminPayloadException error)
        {
            Log.Warn(ModelsCategory, error.Message);
            return Results.Json(new Dictionary<string, object?>(error.Payload) { ["error"] = error.Message, ["node"] = NodeId }, statusCode: error.Status);
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 4) : 0;

    private void Tick()
    {
        try
        {
            Rate.Sample(_runtime.Pipeline.GetMetrics().EventsProcessed);
            var failure = _runtime.Pipeline.LastFailure;
            if (failure is not null && !ReferenceEquals(failure, _reportedFailure))
            {
                _reportedFailure = failure;
                Log.Write(NodeLog.Error, StagesCategory, $"stage '{failure.Stage}' on shard {failure.Shard} failed: {failure.Exception.GetType().Name}: {failure.Exception.Message}");
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A metrics read racing the pipeline's end: the next tick (or none) will do.
        }
    }
}
