using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Phantom.Streams.Catalog;
using Phantom.Streams.Events;
using Phantom.Streams.Hosting;
using Phantom.Streams.Models;
using Phantom.Streams.Ingest;
using Phantom.Streams.Redis;

namespace Phantom.Cluster.Http;

/// <summary>
/// The node's HTTP APIs on Kestrel (ASP.NET Core minimal APIs), bound to the addresses of <c>phantom.http</c>:
/// <list type="bullet">
/// <item><c>GET /api/{hotel|airline}/price/{productId}?sessionId=&amp;experimentId=</c>: the pricing provider
/// (<see cref="PricingLookup"/>); 400 for an unknown mode, 404 for an unknown product.</item>
/// <item><c>POST /api/kafka/ingest</c>, <c>POST /api/kafka/ingest/batch</c> (JSON array or JSON lines, all or
/// nothing), <c>POST /api/kafka/price-log</c>: validated, then published through the <see cref="IEventPublisher"/>;
/// 422 with field errors.</item>
/// <item><c>GET /health</c> (per component; 200 healthy or degraded, 503 unhealthy) and <c>GET /metrics</c>
/// (Prometheus text).</item>
/// </list>
/// Ingest (and admin routes added through <see cref="MapGuarded"/>) require <c>X-Phantom-Key</c> when a key is
/// configured; pricing too unless <see cref="HttpOptions.PublicPricing"/>.
/// </summary>
public sealed class PhantomHttpHost : IAsyncDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private const string JsonContentType = "application/json; charset=utf-8";

    // Per thread, reused by every pricing answer written on it (WriteAnswer finishes with them before any await).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_answerBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_answerWriter;

    private readonly PhantomRuntime _runtime;
    private readonly IEventPublisher _publisher;
    private readonly IngestTopics _topics;
    private readonly RedisPriceStore? _redis;
    private readonly HttpOptions _options;
    private readonly EventValidator _validator;
    private readonly ApiKeyGuard _guard;
    private readonly List<(string Name, Func<ComponentHealth> Check)> _health = [];
    private readonly List<Action<PrometheusWriter>> _metrics = [];
    private readonly WebApplication _app;
    private bool _started;

    /// <param name="redis">The node's Redis store, or null without Redis (the lookup and /health skip it).</param>
    public PhantomHttpHost(PhantomRuntime runtime, IEventPublisher publisher, RedisPriceStore? redis, HttpOptions options, Streams.Pricing.IPriceStore? hotStore = null)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        _topics = IngestTopics.From(runtime.Options.Kafka);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _redis = redis;
        Urls = ResolveUrls(options);
        Counters = new HttpCounters();
        Lookup = new PricingLookup(runtime, redis, hotStore);
        _validator = new EventValidator(runtime.Options.Codec, runtime.Catalog);
        _guard = new ApiKeyGuard(options.ApiKey, Counters);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, ManualHostLifetime>();
        builder.WebHost.UseUrls([.. Urls]);
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.InlineScheduling);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxBatchBytes, runtime.Options.Codec.MaxEventBytes);
        });
        _app = builder.Build();
        MapRoutes();
    }

    /// <summary>The addresses asked for (from options).</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>The addresses bound, with real ports (after <see cref="StartAsync"/>; port 0 asks for a free one).</summary>
    public IReadOnlyList<string> BoundUrls => [.. _app.Urls];

    public PricingLookup Lookup { get; }

    public HttpCounters Counters { get; }

    /// <summary>
    /// Called for a price request (with its session id, empty when none) before the local lookup: true when it answered
    /// the request itself (the cluster forwards a session whose shard another node hosts); false to price it here.
    /// </summary>
    public Func<HttpContext, string, Task<bool>>? PriceForwarder { get; set; }

    /// <summary>Whether ingest and admin routes require the key.</summary>
    public bool ApiKeyRequired => _guard.Enabled;

    /// <summary>The node id a refused key's error names (<see cref="ApiKeyGuard.NodeId"/>); null: the address reached.</summary>
    public string? NodeId
    {
        get => _guard.NodeId;
        set => _guard.NodeId = value;
    }

    /// <summary>Adds a component to <c>/health</c> (e.g. a Kafka source); call before <see cref="StartAsync"/>.</summary>
    public void AddHealthCheck(string name, Func<ComponentHealth> check)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(check);
        _health.Add((name, check));
    }

    /// <summary>Adds samples to <c>/metrics</c> (e.g. consumer lag); call before <see cref="StartAsync"/>.</summary>
    public void AddMetrics(Action<PrometheusWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        _metrics.Add(write);
    }

    /// <summary>Maps an admin route behind the API key (the seam for <c>/models</c> and <c>/models/reload</c>).</summary>
    public RouteHandlerBuilder MapGuarded(string method, string pattern, Delegate handler)
    {
        if (_started)
        {
            throw new InvalidOperationException("routes must be mapped before the HTTP host starts");
        }

        return _app.MapMethods(pattern, [method], handler).AddEndpointFilter(_guard);
    }

    /// <summary>Adds a logging provider for ASP.NET's own messages (the admin API's node log); the host logs nowhere else.</summary>
    public void AddLoggerProvider(ILoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _app.Services.GetRequiredService<ILoggerFactory>().AddProvider(provider);
    }

    /// <summary>
    /// Maps a route open to everyone, like <c>/health</c> and <c>/metrics</c> (the seam for read-only pages such as
    /// <c>/dashboard</c>); call before <see cref="StartAsync"/>.
    /// </summary>
    public RouteHandlerBuilder MapPublic(string method, string pattern, Delegate handler)
    {
        if (_started)
        {
            throw new InvalidOperationException("routes must be mapped before the HTTP host starts");
        }

        return _app.MapMethods(pattern, [method], handler);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _started = true;
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

    /// <summary>The state of every component, as <c>/health</c> reports it.</summary>
    public (string Status, IReadOnlyDictionary<string, ComponentHealth> Components) Health()
    {
        var components = new Dictionary<string, ComponentHealth>(StringComparer.Ordinal);
        var pipeline = _runtime.Pipeline;
        var failure = pipeline.LastFailure;
        components["pipeline"] = new ComponentHealth(
            pipeline.State == Streams.Flow.PipelineState.Running ? ComponentHealth.Up : ComponentHealth.Down,
            new Dictionary<string, object?>
            {
                ["state"] = pipeline.State.ToString().ToLowerInvariant(),
                ["partitions"] = _runtime.Partitions,
                ["live_sessions"] = _runtime.LiveSessions,
                ["last_failure"] = failure is null ? null : $"stage '{failure.Stage}' on shard {failure.Shard}: {failure.Exception.Message}",
            });
        components["redis"] = RedisHealth();
        components["price_store"] = new ComponentHealth(
            _redis is null || _redis.IsConnected ? ComponentHealth.Up : ComponentHealth.Degraded,
            new Dictionary<string, object?>
            {
                ["kind"] = _redis is null ? "memory" : "memory+redis",
                ["global_steps"] = _runtime.Prices.Version,
                ["serving_from"] = _redis is { IsConnected: true } ? "memory+redis" : "memory",
            });
        foreach (var (name, check) in _health)
        {
            ComponentHealth health;
            try
            {
                health = check();
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                health = new ComponentHealth(ComponentHealth.Down, new Dictionary<string, object?> { ["error"] = error.Message });
            }

            components[name] = health;
        }

        var status = components["pipeline"].Status != ComponentHealth.Up ? "unhealthy"
            : components.Values.Any(c => c.Status is ComponentHealth.Down or ComponentHealth.Degraded) ? "degraded"
            : "healthy";
        return (status, components);
    }

    /// <summary>The <c>/metrics</c> text.</summary>
    public string MetricsText()
    {
        var m = _runtime.Pipeline.GetMetrics();
        var w = new PrometheusWriter();
        w.Counter("phantom_events_in_total", "Records accepted by the pipeline's writers.", m.EventsIn);
        w.Counter("phantom_events_processed_total", "Records the shard workers took from their queues.", m.EventsProcessed);
        w.Counter("phantom_events_completed_total", "Records that went through every stage without rejection.", m.Completed);
        w.Counter("phantom_events_rejected_total", "Records dead-lettered.", m.Rejected);
        foreach (var (reason, count) in m.RejectedByReason)
        {
            w.Counter("phantom_events_rejected_by_reason_total", "Records dead-lettered, by reason.", count, ("reason", Streams.DeadLetters.RejectReasons.ToWire(reason)));
        }

        w.Counter("phantom_stage_failures_total", "Exceptions thrown by stages or the dead-letter sink.", m.Failures);
        w.Counter("phantom_events_dropped_total", "Records abandoned by an abort.", m.Dropped);
        w.Gauge("phantom_events_in_flight", "Records written but not yet through the stages.", m.InFlight);
        foreach (var stage in m.Stages)
        {
            w.Quantile("phantom_stage_latency_ms", "Time one event spends in a stage (sampled), milliseconds.", 0.5, stage.P50Ms, ("stage", stage.Name));
            w.Quantile("phantom_stage_latency_ms", "Time one event spends in a stage (sampled), milliseconds.", 0.99, stage.P99Ms, ("stage", stage.Name));
        }

        foreach (var stage in m.Stages)
        {
            w.Counter("phantom_stage_events_total", "Events that entered a stage.", stage.In, ("stage", stage.Name));
        }

        w.Quantile("phantom_end_to_end_latency_ms", "Time from write to the end of the stages, milliseconds.", 0.5, m.EndToEndP50Ms);
        w.Quantile("phantom_end_to_end_latency_ms", "Time from write to the end of the stages, milliseconds.", 0.99, m.EndToEndP99Ms);
        foreach (var shard in m.Shards)
        {
            w.Gauge("phantom_shard_queue_depth", "Batches waiting in a shard's queue.", shard.QueueDepth, ("shard", shard.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        w.Gauge("phantom_live_sessions", "Sessions in memory across shards.", _runtime.LiveSessions);
        w.Counter("phantom_price_writes_total", "Session prices written to the price store (memory).", _runtime.Pricing.Snapshot().PricedEvents);
        w.Counter("phantom_global_price_steps_total", "Global price steps completed.", _runtime.Prices.Version);
        w.Counter("phantom_shield_fallbacks_total", "Global prices the shield replaced by the base price.", _runtime.Prices.ShieldFallbacks);
        if (_redis is not null)
        {
            var r = _redis.Counters;
            w.Gauge("phantom_redis_connected", "1 when Redis is reachable.", r.Connected ? 1 : 0);
            w.Counter("phantom_redis_batches_total", "Pipelined price batches Redis applied.", r.Batches);
            w.Counter("phantom_redis_updates_total", "Session price updates Redis applied.", r.Updates);
            w.Counter("phantom_redis_published_total", "Price messages published on the prices channel.", r.Published);
            w.Counter("phantom_redis_failed_batches_total", "Price batches Redis did not take (down, timeout, error).", r.FailedBatches);
            w.Counter("phantom_redis_failed_updates_total", "Session price updates not in Redis (kept in the node's memory).", r.FailedUpdates);
            w.Counter("phantom_redis_global_writes_total", "prices:latest writes Redis applied.", r.GlobalWrites);
            w.Counter("phantom_redis_failed_global_writes_total", "prices:latest and model:meta writes Redis did not take.", r.FailedGlobalWrites);
            w.Counter("phantom_redis_read_failures_total", "Pricing reads that found Redis unavailable.", r.ReadFailures);
        }

        foreach (var source in Enum.GetValues<PriceSource>())
        {
            w.Counter("phantom_pricing_requests_total", "Pricing answers by where the price came from.", Counters.Priced(source), ("source", source.ToString().ToLowerInvariant()));
        }

        w.Counter("phantom_pricing_redis_unavailable_total", "Pricing answers given while Redis did not answer.", Counters.PricingRedisUnavailable);
        w.Counter("phantom_ingest_accepted_total", "Records accepted by the ingest API, by topic.", Counters.IngestAccepted, ("topic", _topics.Interactions));
        w.Counter("phantom_ingest_accepted_total", "Records accepted by the ingest API, by topic.", Counters.PriceLogsAccepted, ("topic", _topics.PriceLogs));
        foreach (var (reason, count) in Counters.IngestRejected)
        {
            w.Counter("phantom_ingest_rejected_total", "Records the ingest API refused (422), by first reason.", count, ("reason", reason));
        }

        w.Counter("phantom_ingest_publish_failures_total", "Accepted records the publisher failed to take.", Counters.PublishFailures);
        w.Counter("phantom_http_unauthorized_total", "Requests refused for a missing or wrong API key.", Counters.Unauthorized);
        // The node's own collections: a blocking (non-concurrent) GC pauses request threads too, so a latency tail can
        // be checked against these (phantom bench api reads them before and after its measured phase).
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            w.Counter("phantom_gc_collections_total", "Garbage collections of the node process, by generation.", GC.CollectionCount(generation),
                ("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        w.Counter("phantom_gc_allocated_bytes_total", "Bytes the node process has allocated.", GC.GetTotalAllocatedBytes());
        w.Counter("phantom_gc_pause_seconds_total", "Time the node process was paused by garbage collections.", GC.GetTotalPauseDuration().TotalSeconds);
        foreach (var write in _metrics)
        {
            write(w);
        }

        return w.ToString();
    }

    private ComponentHealth RedisHealth()
    {
        if (_redis is null)
        {
            return new ComponentHealth(ComponentHealth.Disabled);
        }

        var r = _redis.Counters;
        return new ComponentHealth(
            r.Connected ? ComponentHealth.Up : ComponentHealth.Down,
            new Dictionary<string, object?>
            {
                ["connected"] = r.Connected,
                ["failed_batches"] = r.FailedBatches,
                ["failed_updates"] = r.FailedUpdates,
                ["read_failures"] = r.ReadFailures,
                ["last_error"] = r.LastError,
            });
    }

    private void MapRoutes()
    {
        var pricing = _app.MapGet("/api/{mode}/price/{productId}", PriceAsync);
        if (!_options.PublicPricing)
        {
            pricing.AddEndpointFilter(_guard);
        }

        _app.MapPost("/api/kafka/ingest", (Func<HttpContext, Task<IResult>>)IngestAsync).AddEndpointFilter(_guard);
        _app.MapPost("/api/kafka/ingest/batch", (Func<HttpContext, Task<IResult>>)IngestBatchAsync).AddEndpointFilter(_guard);
        _app.MapPost("/api/kafka/price-log", (Func<HttpContext, Task<IResult>>)PriceLogAsync).AddEndpointFilter(_guard);
        _app.MapGet("/health", () =>
        {
            var (status, components) = Health();
            var body = new Dictionary<string, object?>
            {
                ["status"] = status,
                ["components"] = components.ToDictionary(
                    c => c.Key,
                    c => (object?)new Dictionary<string, object?>(c.Value.Details ?? new Dictionary<string, object?>()) { ["status"] = c.Value.Status }),
            };
            return Results.Json(body, statusCode: status == "unhealthy" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });
        _app.MapGet("/metrics", () => Results.Text(MetricsText(), PrometheusWriter.ContentType));

        // What the node serves, and a reload from the registry's promoted pointers (the watch does the same on its
        // interval). A refused artifact leaves the current model serving: 409 says so.
        _app.MapGet("/models", () => Results.Json(ModelsBody(_runtime.Models.LastResult)));
        _app.MapPost("/models/reload", () =>
        {
            var result = _runtime.ReloadModels();
            return Results.Json(
                ModelsBody(result),
                statusCode: result.Outcome == ModelReloadOutcome.Refused ? StatusCodes.Status409Conflict : StatusCodes.Status200OK);
        }).AddEndpointFilter(_guard);
    }

    private Dictionary<string, object?> ModelsBody(ModelReloadResult last) => new()
    {
        ["policy"] = _runtime.Prices.Policy.Name,
        ["model_version"] = Lookup.ModelVersion,
        ["kernels"] = _runtime.Models.Served.Kernels?.Reference ?? "configured",
        ["detector"] = _runtime.Models.Served.Detector?.Reference ?? "hand-set",
        ["detector_description"] = _runtime.Model.Detector.Description,
        ["registry"] = _runtime.Options.Models.Directory,
        ["models"] = Admin.ModelPromotion.List(_runtime.Options.Models.Directory),
        ["last_reload"] = new Dictionary<string, object?>
        {
            ["outcome"] = last.Outcome.ToString().ToLowerInvariant(),
            ["message"] = last.Message,
            ["at"] = last.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    private async Task PriceAsync(HttpContext context, string mode, string productId)
    {
        StoreMode storeMode;
        switch (mode)
        {
            case "hotel":
                storeMode = StoreMode.Hotel;
                break;
            case "airline":
                storeMode = StoreMode.Airline;
                break;
            default:
                await JsonErrors.Error(StatusCodes.Status400BadRequest, $"unknown mode '{mode}': expected hotel or airline").ExecuteAsync(context).ConfigureAwait(false);
                return;
        }

        if (!Lookup.TryFindProduct(storeMode, productId, out var product))
        {
            await JsonErrors.Error(StatusCodes.Status404NotFound, $"unknown product '{productId}' in the {mode} catalog").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var sessionId = SessionIdOf(context.Request.QueryString.Value);
        if (PriceForwarder is { } forward && await forward(context, sessionId).ConfigureAwait(false))
        {
            return;
        }

        var answer = await Lookup.PriceAsync(product, sessionId, context.RequestAborted).ConfigureAwait(false);
        Counters.CountPriced(answer);
        WriteAnswer(context.Response, product, answer);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the answer's JSON straight into the response pipe through this thread's reused writer and buffer: the
    /// hot path allocates nothing for the body (no buffer, no writer, no serializer), which keeps the node's gen0
    /// collections, each a pause for every request in flight, rare.
    /// </summary>
    private static void WriteAnswer(HttpResponse response, Product product, in PriceAnswer answer)
    {
        var buffer = t_answerBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var json = t_answerWriter;
        if (json is null)
        {
            json = t_answerWriter = new Utf8JsonWriter(buffer, WriterOptions);
        }
        else
        {
            json.Reset(buffer);
        }

        json.WriteStartObject();
        json.WriteString("productId"u8, product.Id);
        json.WriteNumber("price"u8, Math.Round(answer.Price, 2));
        json.WriteNumber("base_price"u8, product.BasePrice);
        json.WriteNumber("markup"u8, Math.Round(answer.Markup, 4));
        if (answer.Elasticity is { } elasticity && double.IsFinite(elasticity))
        {
            json.WriteNumber("elasticity"u8, elasticity);
        }
        else
        {
            json.WriteNull("elasticity"u8);
        }

        json.WriteString("model_version"u8, answer.ModelVersion);
        json.WriteString("source"u8, SourceName(answer.Source));
        json.WriteEndObject();
        json.Flush();

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonContentType;
        response.ContentLength = buffer.WrittenCount;

        // Copied into the pipe before any await, so the thread's buffer is free for the next request on this thread.
        response.BodyWriter.Write(buffer.WrittenSpan);
    }

    /// <summary>
    /// The <c>sessionId</c> query parameter (empty when absent), read from the raw query string: the parsed query
    /// collection would allocate a dictionary per request for the one value the pricing route needs.
    /// </summary>
    internal static string SessionIdOf(string? query)
    {
        var rest = query.AsSpan();
        if (rest.StartsWith('?'))
        {
            rest = rest[1..];
        }

        while (!rest.IsEmpty)
        {
            var amp = rest.IndexOf('&');
            var pair = amp < 0 ? rest : rest[..amp];
            rest = amp < 0 ? [] : rest[(amp + 1)..];
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (!name.SequenceEqual("sessionId"))
            {
                continue;
            }

            var value = equals < 0 ? [] : pair[(equals + 1)..];
            if (value.IsEmpty)
            {
                return "";
            }

            // Form encoding: '+' is a space; escapes decoded as the query collection would.
            return value.ContainsAny('%', '+')
                ? Uri.UnescapeDataString(value.ToString().Replace('+', ' '))
                : value.ToString();
        }

        return "";
    }

    private static string SourceName(PriceSource source) => source switch
    {
        PriceSource.Cache => "cache",
        PriceSource.Redis => "redis",
        PriceSource.Global => "global",
        _ => "base",
    };

    private async Task<IResult> IngestAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request, _validator.MaxEventBytes).ConfigureAwait(false);
        if (body is null)
        {
            return Reject([new FieldError("body", "oversize")]);
        }

        if (!_validator.Validate(body, out _, out var errors))
        {
            return Reject(errors);
        }

        return await PublishAsync([body], context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<IResult> PriceLogAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request, _validator.MaxEventBytes).ConfigureAwait(false);
        if (body is null)
        {
            return Reject([new FieldError("body", "oversize")]);
        }

        var errors = PriceLogValidator.Validate(body, _validator.MaxEventBytes, out var productId);
        if (errors.Count > 0)
        {
            return Reject(errors);
        }

        try
        {
            await _publisher.PublishAsync(_topics.PriceLogs, System.Text.Encoding.UTF8.GetBytes(productId!), body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidOperationException error)
        {
            Counters.CountPublishFailure();
            return JsonErrors.Error(StatusCodes.Status503ServiceUnavailable, $"not accepted: {error.Message}");
        }

        Counters.CountPriceLogs(1);
        return Results.Json(new Dictionary<string, object?> { ["success"] = true });
    }

    private async Task<IResult> IngestBatchAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request, _options.MaxBatchBytes).ConfigureAwait(false);
        if (body is null)
        {
            return Reject([new FieldError("body", "oversize")]);
        }

        if (!BatchBody.TrySplit(body, _options.MaxBatchEvents, out var records, out var problem))
        {
            return Reject([problem!]);
        }

        var errors = new List<FieldError>();
        for (var i = 0; i < records.Count; i++)
        {
            if (!_validator.Validate(records[i].Span, out _, out var recordErrors, i))
            {
                errors.AddRange(recordErrors);
            }
        }

        // All or nothing: a client that fixes the listed records can resend the same batch without duplicating the rest.
        if (errors.Count > 0)
        {
            return Reject(errors);
        }

        return await PublishAsync(records, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<IResult> PublishAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var record in records)
            {
                Streams.Flow.Sources.SessionIdScanner.TryFind(record.Span, out var sessionId);
                await _publisher.PublishAsync(_topics.Interactions, sessionId.ToArray(), record, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException error)
        {
            // The pipeline (or the broker) no longer takes records: say so rather than pretend it was stored.
            Counters.CountPublishFailure();
            return JsonErrors.Error(StatusCodes.Status503ServiceUnavailable, $"not accepted: {error.Message}");
        }

        Counters.CountIngested(records.Count);
        return records.Count == 1
            ? Results.Json(new Dictionary<string, object?> { ["success"] = true })
            : Results.Json(new Dictionary<string, object?> { ["success"] = true, ["accepted"] = records.Count });
    }

    private IResult Reject(IReadOnlyList<FieldError> errors)
    {
        Counters.CountRejected(errors);
        return JsonErrors.Rejected(errors);
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static List<string> ResolveUrls(HttpOptions options)
    {
        var urls = new List<string>();
        foreach (var (url, key) in new[] { (options.PricingUrl, "phantom.http.pricing-url"), (options.IngestUrl, "phantom.http.ingest-url") })
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                continue;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new Streams.Configuration.ConfigurationException($"{key} = \"{url}\" is not an http:// URL (e.g. http://127.0.0.1:5001)");
            }

            if (!urls.Contains(url, StringComparer.OrdinalIgnoreCase))
            {
                urls.Add(url);
            }
        }

        if (urls.Count == 0)
        {
            throw new Streams.Configuration.ConfigurationException("phantom.http.pricing-url and phantom.http.ingest-url are both empty: the node has nowhere to listen");
        }

        return urls;
    }
}
