using System.CommandLine;
using Phantom.Cluster.Demo;

namespace Phantom.Cluster.Cli;

/// <summary><c>phantom demo</c>: the whole Kappa pipeline on embedded defaults, fed by the traffic generator or a file.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var events = new Option<long>("--events", "-n")
        {
            Description = "Events to generate (ignored with --input).",
            DefaultValueFactory = _ => 200_000,
        };
        var alpha = new Option<double?>("--alpha", "-a") { Description = "Contamination α: the share of agent sessions (0..1). Default 0.3." };
        var policy = new Option<string?>("--policy") { Description = "Pricing policy: static, surge, elasticity or session-aware (default)." };
        var input = new Option<FileInfo?>("--input", "-i") { Description = "Replay a file of CONTRACTS.md events (JSON lines) instead of generating." };
        var config = CliOptions.Config();
        var seed = CliOptions.Seed();
        var partitions = CliOptions.Partitions();
        var json = CliOptions.Json();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No live progress; print only the summary." };

        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() <= 0)
            {
                r.AddError("--events must be a positive number.");
            }
        });
        alpha.Validators.Add(r =>
        {
            var a = r.GetValueOrDefault<double?>();
            if (a is < 0 or > 1 || (a is { } v && double.IsNaN(v)))
            {
                r.AddError($"--alpha must be within [0, 1]; got {a}.");
            }
        });
        input.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<FileInfo?>() is { Exists: false } f)
            {
                r.AddError($"--input: no such file '{f.FullName}'.");
            }
        });

        var command = new Command("demo", "Run the full pipeline on generated mixed human/agent traffic (or a file) and summarise detection and prices.")
        {
            events, alpha, seed, partitions, policy, input, json, config, quiet,
        };
        command.SetAction((parse, cancellation) => new DemoRunner(new DemoRequest
        {
            Events = parse.GetValue(events),
            Alpha = parse.GetValue(alpha),
            Seed = parse.GetValue(seed),
            Partitions = parse.GetValue(partitions),
            Policy = parse.GetValue(policy),
            Input = parse.GetValue(input),
            Json = parse.GetValue(json),
            Config = parse.GetValue(config),
            Quiet = parse.GetValue(quiet),
        }).RunAsync(cancellation));
        return command;
    }
}
