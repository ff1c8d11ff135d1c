using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Phantom.Cluster.Http;

/// <summary>
/// An open-loop load generator for the pricing endpoint: requests are scheduled at a fixed rate and each latency is
/// measured from its scheduled time, so a stall shows up in the percentiles instead of quietly lowering the rate
/// (no coordinated omission). Bounded in count and time; meant for loopback.
/// </summary>
public sealed class PricingLoadGenerator(Uri baseUrl, double rate, TimeSpan duration, int connections = 32, int sessions = 1000)
{
    /// <summary>
    /// When set, before measuring, one event per session is ingested (with this key) so the node has a quote for
    /// each asked product: the measured path is then the hot-cache hit, the common case of a live storefront.
    /// </summary>
    public string? PrimeWithApiKey { get; init; }

    /// <summary>Runs a warm-up (a second at the rate, not recorded), then the measured phase.</summary>
    public async Task<PricingLoadResult> RunAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        var paths = Paths();
        if (PrimeWithApiKey is not null)
        {
            await PrimeAsync(client, PrimeWithApiKey, cancellationToken).ConfigureAwait(false);
            progress?.Report($"primed {sessions:N0} sessions with one quote each");
        }

        await RunPhaseAsync(client, paths, (long)Math.Max(1, rate), null, null, null, cancellationToken).ConfigureAwait(false);
        var count = (long)Math.Max(1, rate * duration.TotalSeconds);
        var latencies = new double[count];
        var service = new double[count];
        var errors = new long[1];
        var clock = Stopwatch.StartNew();
        using (var ticker = new Timer(_ => progress?.Report($"{clock.Elapsed.TotalSeconds:0}s: sending at {rate:N0} req/s"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
        {
            await RunPhaseAsync(client, paths, count, latencies, service, errors, cancellationToken).ConfigureAwait(false);
        }

        var elapsed = clock.Elapsed;
        var sources = await SampleSourcesAsync(client, paths, cancellationToken).ConfigureAwait(false);
        Array.Sort(latencies);
        Array.Sort(service);
        return new PricingLoadResult
        {
            Url = baseUrl.ToString(),
            TargetRate = rate,
            AchievedRate = Math.Round(count / elapsed.TotalSeconds, 1),
            Requests = count,
            Errors = errors[0],
            DurationSeconds = Math.Round(elapsed.TotalSeconds, 3),
            Connections = connections,
            P50Ms = Percentile(latencies, 0.50),
            P90Ms = Percentile(latencies, 0.90),
            P99Ms = Percentile(latencies, 0.99),
            P999Ms = Percentile(latencies, 0.999),
            MaxMs = Math.Round(latencies[^1], 3),
            ServiceP50Ms = Percentile(service, 0.50),
            ServiceP99Ms = Percentile(service, 0.99),
            Sources = sources,
        };
    }

    private async Task RunPhaseAsync(HttpClient client, string[] paths, long count, double[]? latencies, double[]? service, long[]? errors, CancellationToken cancellationToken)
    {
        var pending = new Task[count];
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / rate;
        for (long i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var due = start + (long)(i * ticksPerRequest);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 500)
            {
                // More than 2 ms ahead: sleep most of it, spin the rest (sleep alone is too coarse at 5,000/s).
                await Task.Delay(TimeSpan.FromTicks((wait - (Stopwatch.Frequency / 1000)) * TimeSpan.TicksPerSecond / Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
            }

            while (Stopwatch.GetTimestamp() < due)
            {
                // Yield rather than spin: on a small machine the server needs the core more than the schedule does.
                Thread.Yield();
            }

            pending[i] = SendAsync(client, paths[i % paths.Length], due, i, latencies, service, errors);
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpClient client, string path, long due, long index, double[]? latencies, double[]? service, long[]? errors)
    {
        var ok = false;
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            ok = response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }

        var done = Stopwatch.GetTimestamp();
        if (latencies is not null)
        {
            latencies[index] = (done - due) * 1000.0 / Stopwatch.Frequency;
        }

        if (service is not null)
        {
            service[index] = (done - sent) * 1000.0 / Stopwatch.Frequency;
        }

        if (!ok && errors is not null)
        {
            Interlocked.Increment(ref errors[0]);
        }
    }

    private static async Task<Dictionary<string, long>> SampleSourcesAsync(HttpClient client, string[] paths, CancellationToken cancellationToken)
    {
        var sources = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(200, paths.Length); i++)
        {
            try
            {
                using var document = JsonDocument.Parse(await client.GetStringAsync(paths[i], cancellationToken).ConfigureAwait(false));
                var source = document.RootElement.TryGetProperty("source", out var s) ? s.GetString() ?? "?" : "?";
                sources[source] = sources.GetValueOrDefault(source) + 1;
            }
            catch (HttpRequestException)
            {
                sources["error"] = sources.GetValueOrDefault("error") + 1;
            }
        }

        return sources;
    }

    private async Task PrimeAsync(HttpClient client, string apiKey, CancellationToken cancellationToken)
    {
        var lines = new System.Text.StringBuilder();
        var ts = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (mode, product, session) in Targets())
        {
            lines.Append("{\"sessionId\":\"").Append(session).Append("\",\"eventName\":\"view_item_page\",\"page\":\"/").Append(mode)
                .Append("/products/").Append(product).Append("\",\"productId\":\"").Append(product).Append("\",\"storeMode\":\"").Append(mode)
                .Append("\",\"ts\":\"").Append(ts).Append("\"}\n");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/kafka/ingest/batch")
        {
            Content = new StringContent(lines.ToString(), System.Text.Encoding.UTF8, "application/x-ndjson"),
        };
        request.Headers.Add(ApiKeyGuard.HeaderName, apiKey);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"priming the node failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }

        // Wait (bounded) until the last primed session's quote is served from the cache.
        var last = Paths()[^1];
        var deadline = Stopwatch.StartNew();
        while (!(await client.GetStringAsync(last, cancellationToken).ConfigureAwait(false)).Contains("\"source\":\"cache\"", StringComparison.Ordinal))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("primed quotes did not reach the node's cache within 30 s");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private IEnumerable<(string Mode, string Product, string Session)> Targets()
    {
        string[] rooms = ["presidential", "executive", "junior", "deluxe", "superior", "standard"];
        for (var s = 0; s < sessions; s++)
        {
            var date = (s % 14) + 1;
            yield return s % 2 == 0
                ? ("hotel", $"hotel-{rooms[s % rooms.Length]}-{date:00}", $"bench-{s}")
                : ("airline", $"airline-fl{(s % 10) + 1:00}-{date:00}", $"bench-{s}");
        }
    }

    // The demo catalog's ids (CONTRACTS.md): hotel rooms and flights over 14 dates, each asked for by its session.
    private string[] Paths() => [.. Targets().Select(t => $"/api/{t.Mode}/price/{t.Product}?sessionId={t.Session}")];

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 3);
}
