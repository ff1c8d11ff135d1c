using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Phantom.Cluster.Http;

/// <summary>
/// An open-loop load generator for the pricing endpoint: requests are scheduled at a fixed rate and each latency is
/// measured from its scheduled time, so a stall shows up in the percentiles instead of quietly lowering the rate
/// (no coordinated omission, as in wrk2). Bounded in count and time; meant for loopback.
/// <para>
/// The measured requests go over <see cref="LoopbackHttpConnection"/>s (pre-encoded requests, responses parsed in
/// place, nothing allocated per request) from one pacing thread that sleeps precisely until each request is due
/// instead of spinning: on a 2-core machine a spinning or allocating generator takes CPU and GC pauses from the same
/// cores as the server it measures, and its own delays would be counted as the server's latency.
/// </para>
/// </summary>
public sealed class PricingLoadGenerator(Uri baseUrl, double rate, TimeSpan duration, int connections = 32, int sessions = 1000)
{
    // Requests still unanswered this long after the last was sent count as errors (with their latency so far).
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private Phase? _phase;

    /// <summary>
    /// When set, before measuring, one event per session is ingested (with this key) so the node has a quote for
    /// each asked product: the measured path is then the hot-cache hit, the common case of a live storefront.
    /// </summary>
    public string? PrimeWithApiKey { get; init; }

    /// <summary>Runs a warm-up (a second at the rate, not recorded), then the measured phase.</summary>
    public async Task<PricingLoadResult> RunAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(connections);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 4,
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

        var host = baseUrl.IsDefaultPort ? baseUrl.Host : $"{baseUrl.Host}:{baseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var requests = paths.Select(p => System.Text.Encoding.ASCII.GetBytes($"GET {p} HTTP/1.1\r\nHost: {host}\r\n\r\n")).ToArray();
        var endpoint = await ResolveAsync(baseUrl, cancellationToken).ConfigureAwait(false);
        var open = new List<LoopbackHttpConnection>(connections);
        try
        {
            for (var c = 0; c < connections; c++)
            {
                open.Add(await LoopbackHttpConnection.OpenAsync(endpoint, OnCompleted, cancellationToken).ConfigureAwait(false));
            }

            await RunPhaseAsync(open, requests, 1, (long)Math.Max(1, rate), cancellationToken).ConfigureAwait(false);

            // The warm-up's garbage (and the priming's) is collected now, not in the middle of the measured phase.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var count = (long)Math.Max(1, rate * duration.TotalSeconds);
            var nodeBefore = await NodeGcAsync(client, cancellationToken).ConfigureAwait(false);
            var gcBefore = GC.CollectionCount(0);
            var clock = Stopwatch.StartNew();
            Phase measured;
            using (var ticker = new Timer(_ => progress?.Report($"{clock.Elapsed.TotalSeconds:0}s: sending at {rate:N0} req/s"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            {
                measured = await RunPhaseAsync(open, requests, 2, count, cancellationToken).ConfigureAwait(false);
            }

            var elapsed = clock.Elapsed;
            var generatorGcs = GC.CollectionCount(0) - gcBefore;
            var nodeAfter = await NodeGcAsync(client, cancellationToken).ConfigureAwait(false);
            var nodeKnown = nodeBefore.Collections >= 0 && nodeAfter.Collections >= 0;
            var sources = await SampleSourcesAsync(client, paths, cancellationToken).ConfigureAwait(false);
            var latencies = measured.Latencies;
            var service = measured.Service;
            Array.Sort(latencies);
            Array.Sort(service);
            return new PricingLoadResult
            {
                Url = baseUrl.ToString(),
                TargetRate = rate,
                AchievedRate = Math.Round(count / elapsed.TotalSeconds, 1),
                Requests = count,
                Errors = measured.Errors,
                DurationSeconds = Math.Round(elapsed.TotalSeconds, 3),
                Connections = connections,
                P50Ms = Percentile(latencies, 0.50),
                P90Ms = Percentile(latencies, 0.90),
                P99Ms = Percentile(latencies, 0.99),
                P999Ms = Percentile(latencies, 0.999),
                MaxMs = Math.Round(latencies[^1], 3),
                ServiceP50Ms = Percentile(service, 0.50),
                ServiceP99Ms = Percentile(service, 0.99),
                GeneratorCollections = generatorGcs,
                NodeCollections = nodeKnown ? nodeAfter.Collections - nodeBefore.Collections : -1,
                NodeGcPauseMs = nodeKnown ? Math.Round((nodeAfter.PauseSeconds - nodeBefore.PauseSeconds) * 1000, 3) : -1,
                // Includes the node's other work in the window (one /metrics answer, the pipeline's idle loops).
                NodeBytesPerRequest = nodeKnown && nodeAfter.Allocated >= 0 ? Math.Round((nodeAfter.Allocated - nodeBefore.Allocated) / count, 1) : -1,
                Sources = sources,
            };
        }
        finally
        {
            foreach (var connection in open)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>Sends <paramref name="count"/> requests on schedule from a dedicated pacing thread and waits for every answer.</summary>
    private async Task<Phase> RunPhaseAsync(List<LoopbackHttpConnection> open, byte[][] requests, int number, long count, CancellationToken cancellationToken)
    {
        var phase = new Phase(number, count, Stopwatch.Frequency / rate);
        Volatile.Write(ref _phase, phase);
        var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() =>
        {
            try
            {
                PreciseSleep.PrepareThread();
                Pace(phase, open, requests, cancellationToken);
                paced.SetResult();
            }
            catch (Exception error)
            {
                paced.SetException(error);
            }
        })
        {
            IsBackground = true,
            Name = "pricing-load-pacer",
        };
        pacer.Start();
        await paced.Task.ConfigureAwait(false);
        if (!await phase.WaitAsync(DrainTimeout, cancellationToken).ConfigureAwait(false))
        {
            phase.AbandonPending();
        }

        Volatile.Write(ref _phase, null);
        return phase;
    }

    private static void Pace(Phase phase, List<LoopbackHttpConnection> open, byte[][] requests, CancellationToken cancellationToken)
    {
        var next = 0;
        phase.Start = Stopwatch.GetTimestamp();
        for (long i = 0; i < phase.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var due = phase.DueOf(i);
            PreciseSleep.Until(due);

            // An idle connection first (round robin), else the least loaded one (the request is pipelined behind others).
            var pick = -1;
            var least = int.MaxValue;
            for (var k = 0; k < open.Count; k++)
            {
                var c = (next + k) % open.Count;
                var candidate = open[c];
                if (candidate.Broken)
                {
                    continue;
                }

                var inFlight = candidate.InFlight;
                if (inFlight == 0)
                {
                    pick = c;
                    break;
                }

                if (inFlight < least)
                {
                    least = inFlight;
                    pick = c;
                }
            }

            if (pick < 0 || !open[pick].TrySend(requests[i % requests.Length], Phase.Tag(phase.Number, i), due))
            {
                phase.Record(i, due, Stopwatch.GetTimestamp(), false);
                continue;
            }

            next = pick + 1;
        }
    }

    private void OnCompleted(long tagged, long due, long sent, bool ok)
    {
        var phase = Volatile.Read(ref _phase);
        if (phase is not null && Phase.NumberOf(tagged) == phase.Number)
        {
            phase.Record(Phase.IndexOf(tagged), due, sent, ok);
        }
    }

    /// <summary>The node's collections (all generations; a gen1/gen2 collection counts in gen0 too), GC pause and allocated bytes so far, from /metrics; -1 when absent.</summary>
    private static async Task<(long Collections, double PauseSeconds, double Allocated)> NodeGcAsync(HttpClient client, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await client.GetStringAsync("/metrics", cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return (-1, -1, -1);
        }

        long collections = -1;
        double pause = -1;
        double allocated = -1;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("phantom_gc_collections_total{generation=\"0\"} ", StringComparison.Ordinal))
            {
                collections = (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("phantom_gc_pause_seconds_total ", StringComparison.Ordinal))
            {
                pause = double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("phantom_gc_allocated_bytes_total ", StringComparison.Ordinal))
            {
                allocated = double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return (collections, pause, allocated);
    }

    private static async Task<IPEndPoint> ResolveAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(url.Host, out var address))
        {
            var addresses = await Dns.GetHostAddressesAsync(url.Host, cancellationToken).ConfigureAwait(false);
            address = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new InvalidOperationException($"cannot resolve '{url.Host}'");
        }

        return new IPEndPoint(address, url.Port);
    }

    /// <summary>One run of requests: the schedule, and what came back (latencies in ms by request index).</summary>
    private sealed class Phase(int number, long count, double ticksPerRequest)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly bool[] _recorded = new bool[count];
        private long _completed;
        private long _errors;

        public int Number { get; } = number;

        public long Count { get; } = count;

        public long Start { get; set; }

        public double[] Latencies { get; } = new double[count];

        public double[] Service { get; } = new double[count];

        public long Errors => Interlocked.Read(ref _errors);

        // Index in the low 40 bits, phase number above: an answer that arrives after its phase gave up is ignored.
        public static long Tag(int number, long index) => ((long)number << 40) | index;

        public static int NumberOf(long tagged) => (int)(tagged >> 40);

        public static long IndexOf(long tagged) => tagged & ((1L << 40) - 1);

        public long DueOf(long index) => Start + (long)(index * ticksPerRequest);

        public void Record(long index, long due, long sent, bool ok)
        {
            var done = Stopwatch.GetTimestamp();
            lock (_recorded)
            {
                if (_recorded[index])
                {
                    return;
                }

                _recorded[index] = true;
            }

            Latencies[index] = (done - due) * 1000.0 / Stopwatch.Frequency;
            Service[index] = (done - sent) * 1000.0 / Stopwatch.Frequency;
            if (!ok)
            {
                Interlocked.Increment(ref _errors);
            }

            if (Interlocked.Increment(ref _completed) == Count)
            {
                _done.TrySetResult();
            }
        }

        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                await _done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        /// <summary>Every request still unanswered is an error, with its latency up to now.</summary>
        public void AbandonPending()
        {
            var now = Stopwatch.GetTimestamp();
            for (long i = 0; i < Count; i++)
            {
                Record(i, DueOf(i), now, false);
            }
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
