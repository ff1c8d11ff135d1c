using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Phantom.Cluster.Bench;

/// <summary>
/// One <c>phantom node</c> child process of a <see cref="ClusterRig"/>: started from the running <c>phantom</c>
/// assembly, on its own loopback HTTP port; stopped gracefully (SIGTERM: the node drains, commits and leaves the
/// consumer group) or killed (SIGKILL: nothing is handed back, the group notices after its session timeout). Keeps
/// the last lines the node printed, for the error message when it fails.
/// </summary>
public sealed class ClusterNodeProcess : IDisposable
{
    private const int KeptLines = 200;

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process _process;
    private readonly Queue<string> _lines = new();

    private ClusterNodeProcess(string name, Uri url, Process process)
    {
        Name = name;
        Url = url;
        _process = process;
        StartedAt = DateTimeOffset.UtcNow;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The name the rig gave the node (also its Kafka client id in logs).</summary>
    public string Name { get; }

    /// <summary>The node's HTTP address (pricing, ingest, /health, /metrics).</summary>
    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public DateTimeOffset StartedAt { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the node wrote (stdout and stderr interleaved).</summary>
    public string RecentOutput
    {
        get
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    /// <summary>
    /// Starts <c>phantom node</c> with <paramref name="arguments"/> (after <c>node</c>) listening on <paramref name="url"/>.
    /// The program is this <c>phantom</c> assembly run by the dotnet host, so the bench and the tests start the same build.
    /// </summary>
    public static ClusterNodeProcess Start(string name, Uri url, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(ClusterNodeProcess).Assembly.Location);
        info.ArgumentList.Add("node");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--http");
        info.ArgumentList.Add(url.ToString().TrimEnd('/'));
        info.Environment["NO_COLOR"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start node {name}");
        return new ClusterNodeProcess(name, url, process);
    }

    /// <summary>Reads <c>/health</c>; null while the node does not answer (starting, stopping or gone).</summary>
    public async Task<ClusterNodeHealth?> TryHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Client.GetAsync(new Uri(Url, "/health"), cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Parse(body);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Parses a <c>/health</c> body; a node without Kafka or journal reports no partitions and zero events.</summary>
    public static ClusterNodeHealth Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var components = root.GetProperty("components");
        var partitions = new List<int>();
        if (components.TryGetProperty("kafka", out var kafka) && kafka.TryGetProperty("assigned_partitions", out var assigned))
        {
            foreach (var p in assigned.EnumerateArray())
            {
                partitions.Add(p.GetInt32());
            }
        }

        long committed = 0, recovered = 0;
        if (components.TryGetProperty("journal", out var journal))
        {
            committed = journal.TryGetProperty("committed_events", out var c) ? c.GetInt64() : 0;
            recovered = journal.TryGetProperty("recovered_sessions", out var r) ? r.GetInt64() : 0;
        }

        partitions.Sort();
        return new ClusterNodeHealth(root.GetProperty("status").GetString() ?? "", partitions, committed, recovered);
    }

    /// <summary>
    /// SIGTERM, then waits for the exit (the node drains and hands its partitions back first); kills it when it takes
    /// longer than <paramref name="timeout"/>. Returns the exit code.
    /// </summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            ClusterSignals.Terminate(_process.Id);
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw new TimeoutException($"node {Name} did not stop within {timeout.TotalSeconds:0} s of SIGTERM; killed. Last output:{Environment.NewLine}{RecentOutput}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the node ends at once, mid-batch, without leaving the consumer group.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} (pid {ProcessId}, {Url})");

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
    }

    private static string DotnetHost()
    {
        // The host running us when it is dotnet (bench: `dotnet phantom.dll`), else the SDK's, else PATH's.
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
