using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Phantom.Cluster.Console;
using Phantom.Cluster.Demo;
using Phantom.Cluster.Http;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom bench api</c>: pricing endpoint latency at a fixed request rate from a second process. Without
/// <c>--url</c> it starts <c>phantom node</c> as a child process on a free loopback port, primes it, measures, and
/// stops it; with <c>--url</c> it measures a node that is already running.
/// </summary>
internal static class BenchApiCommand
{
    private const string ChildKey = "bench-api-key";

    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = "A running node's address (default: start one as a child process)." };
        var rate = new Option<double>("--rate") { Description = "Requests per second (open loop).", DefaultValueFactory = _ => 5000 };
        var duration = new Option<double>("--duration") { Description = "Seconds of measured load (after a 1 s warm-up).", DefaultValueFactory = _ => 10 };
        var connections = new Option<int>("--connections") { Description = "Most HTTP connections.", DefaultValueFactory = _ => 32 };
        var sessions = new Option<int>("--sessions") { Description = "Distinct sessions (and session/product pairs) asked for.", DefaultValueFactory = _ => 1000 };
        var redis = new Option<string?>("--redis") { Description = "Redis configuration for the child node (default: none, prices in memory)." };
        var nodeConfig = new Option<FileInfo?>("--node-config") { Description = "A HOCON overlay for the child node (passed as its --config), e.g. to try phantom.http settings." };
        var apiKey = new Option<string?>("--api-key") { Description = "With --url: the node's X-Phantom-Key, to prime sessions (else sessions are not primed)." };
        var json = CliOptions.Json();
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 100_000)
            {
                r.AddError("--rate must be within (0, 100000].");
            }
        });
        duration.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 120)
            {
                r.AddError("--duration must be within (0, 120] seconds.");
            }
        });

        var command = new Command("api", "Pricing endpoint latency (p50/p99) at a fixed rate from a second process on loopback.")
        {
            url, rate, duration, connections, sessions, redis, apiKey, nodeConfig, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            Process? child = null;
            try
            {
                var target = parse.GetValue(url);
                var key = parse.GetValue(apiKey);
                if (target is null)
                {
                    target = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}";
                    child = StartNode(target, parse.GetValue(redis) ?? "", parse.GetValue(nodeConfig));
                    await WaitHealthyAsync(target, child, cancellation);
                    key = ChildKey;
                }

                var generator = new PricingLoadGenerator(new Uri(target), parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(connections), parse.GetValue(sessions))
                {
                    PrimeWithApiKey = key,
                };
                var result = await generator.RunAsync(new Progress<string>(Terminal.Note), cancellation);
                Print(result);
                if (parse.GetValue(json) is { } output)
                {
                    await SummaryJson.WriteAsync(output.FullName, result);
                    Terminal.Note($"written to {output.FullName}");
                }

                return result.Errors == 0 ? ExitCodes.Ok : ExitCodes.Failed;
            }
            catch (InvalidOperationException error)
            {
                Terminal.Error(error.Message);
                return ExitCodes.Failed;
            }
            finally
            {
                if (child is { HasExited: false })
                {
                    child.Kill(entireProcessTree: true);
                    await child.WaitForExitAsync(CancellationToken.None);
                }

                child?.Dispose();
            }
        });
        return command;
    }

    private static void Print(PricingLoadResult r)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]pricing endpoint[/]").AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("target / achieved rate (req/s)", $"{r.TargetRate:N0} / {r.AchievedRate:N0}");
        Row("requests / errors", $"{r.Requests:N0} / {r.Errors:N0}");
        Row("latency p50 / p90 (ms)", $"{r.P50Ms:0.###} / {r.P90Ms:0.###}");
        Row("latency p99 / p99.9 / max (ms)", $"{r.P99Ms:0.###} / {r.P999Ms:0.###} / {r.MaxMs:0.###}");
        Row("from actual send p50 / p99 (ms)", $"{r.ServiceP50Ms:0.###} / {r.ServiceP99Ms:0.###}");
        Row("GCs during the run: generator / node (node pause ms)", $"{r.GeneratorCollections} / {(r.NodeCollections < 0 ? "?" : r.NodeCollections.ToString(CultureInfo.InvariantCulture))} ({(r.NodeGcPauseMs < 0 ? "?" : r.NodeGcPauseMs.ToString("0.###", CultureInfo.InvariantCulture))})");
        Row("node bytes allocated per request", r.NodeBytesPerRequest < 0 ? "?" : r.NodeBytesPerRequest.ToString("N0", CultureInfo.InvariantCulture));
        Row("answers by source (sample)", string.Join(", ", r.Sources.Select(s => $"{s.Key} {s.Value}")));
        AnsiConsole.Write(table);
    }

    private static Process StartNode(string url, string redis, FileInfo? config)
    {
        // The same program, as `phantom node`: either the apphost itself, or `dotnet phantom.dll`.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program to start as the node");
        var info = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(BenchApiCommand).Assembly.Location);
        }

        foreach (var arg in new[] { "node", "--http", url, "--redis", redis, "--api-key", ChildKey, "--quiet" })
        {
            info.ArgumentList.Add(arg);
        }

        if (config is not null)
        {
            info.ArgumentList.Add("--config");
            info.ArgumentList.Add(config.FullName);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the node process");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Terminal.Error($"node: {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Terminal.Note($"started node (pid {process.Id}) on {url}");
        return process;
    }

    private static async Task WaitHealthyAsync(string url, Process child, CancellationToken cancellation)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"the node process exited with code {child.ExitCode} before it answered");
            }

            try
            {
                using var response = await client.GetAsync("/health", cancellation);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // Slow to answer while starting.
            }

            await Task.Delay(100, cancellation);
        }

        throw new InvalidOperationException("the node did not answer /health within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
