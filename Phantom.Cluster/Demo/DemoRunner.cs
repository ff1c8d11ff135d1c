using System.Diagnostics;
using Phantom.Cluster.Cli;
using static Phantom.Cluster.Cli.CliConfiguration;
using Phantom.Cluster.Console;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Flow.Sources;
using Phantom.Streams.Generation;
using Phantom.Streams.Hosting;
using Phantom.Streams.Models;
using Phantom.Training.Evaluation;

namespace Phantom.Cluster.Demo;

/// <summary>
/// Runs <c>phantom demo</c>: loads the embedded configuration (plus <c>--config</c>, environment and flags), streams
/// generated traffic or a file through the full graph with live progress, drains on the end of input or Ctrl+C,
/// passivates every session and reports what the pipeline saw, detected and charged.
/// </summary>
internal sealed class DemoRunner(DemoRequest request)
{
    public async Task<int> RunAsync(CancellationToken commandCancellation)
    {
        using var signals = new StopSignals(commandCancellation);
        var cancellation = signals.Token;
        var options = CliConfiguration.TryLoad(
            "embedded",
            request.Config,
            FlagSetting.Of("--alpha", "phantom.generator.alpha", request.Alpha),
            FlagSetting.Of("--seed", "phantom.generator.seed", request.Seed),
            FlagSetting.Of("--partitions", "phantom.pipeline.partitions", request.Partitions),
            FlagSetting.Of("--policy", "phantom.pricing.policy", request.Policy));
        if (options is null)
        {
            return ExitCodes.BadConfiguration;
        }

        var outcomes = new SessionOutcomes();
        var deadLetters = new InMemoryDeadLetterSink();
        await using var runtime = new PhantomRuntime(options, deadLetters, outcomes);
        var stepper = new BarrierStepper(runtime);
        runtime.Prices.StepsOnEventClock = false;

        var generator = request.Input is null ? new TrafficGenerator(options, runtime.Catalog) : null;
        IFlowSource source = generator is null
            ? new JsonLinesFileSource(request.Input!.FullName, checkpointEvery: stepper.Every, checkpoint: stepper.CheckpointAsync)
            : new GeneratorSource(generator, request.Events, stepper.Every, stepper.CheckpointAsync);
        var inputName = request.Input?.FullName ?? "generator";

        Terminal.Header(options, inputName, request.Input is null ? request.Events : null);
        Terminal.Note($"models: {runtime.Models.Served}" + (runtime.Models.LastResult.Outcome == ModelReloadOutcome.Refused ? $" ({runtime.Models.LastResult.Message})" : ""));
        var progress = new DemoProgress(runtime, request.Quiet);
        var clock = Stopwatch.StartNew();
        runtime.Start();
        var sourceTask = runtime.Pipeline.RunSourceAsync(source);

        while (!sourceTask.IsCompleted && !cancellation.IsCancellationRequested)
        {
            await Task.WhenAny(sourceTask, Task.Delay(TimeSpan.FromSeconds(1), cancellation)).ConfigureAwait(false);
            progress.Report(clock.Elapsed);
        }

        var interrupted = signals.Requested;

        // Ctrl+C and the end of input take the same way out: the source stops, in-flight events finish, sessions
        // passivate, and the summary covers everything that was processed.
        var drained = await runtime.StopAsync().ConfigureAwait(false);
        clock.Stop();
        await ObserveSourceAsync(sourceTask).ConfigureAwait(false);

        var summary = Summarise(runtime, outcomes, options, inputName, clock.Elapsed);
        Terminal.Summary(summary, runtime.Pipeline.GetMetrics(), deadLetters, stepper.Steps, drained);
        if (request.Json is { } json)
        {
            await SummaryJson.WriteAsync(json.FullName, summary).ConfigureAwait(false);
            Terminal.Note($"summary written to {json.FullName}");
        }

        if (runtime.Pipeline.LastFailure is { } failure)
        {
            Terminal.Error($"stage '{failure.Stage}' failed on shard {failure.Shard}: {failure.Exception.Message}");
        }

        if (!drained || runtime.Pipeline.LastFailure is not null)
        {
            return ExitCodes.Failed;
        }

        return interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    private static async Task ObserveSourceAsync(Task sourceTask)
    {
        try
        {
            await sourceTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The kill switch stopped the source: expected on Ctrl+C.
        }
    }

    internal static DemoSummary Summarise(PhantomRuntime runtime, SessionOutcomes outcomes, PhantomOptions options, string input, TimeSpan elapsed)
    {
        var metrics = runtime.Pipeline.GetMetrics();
        var pricing = runtime.Pricing.Snapshot();
        var finished = outcomes.Snapshot();
        var labelled = finished.Where(o => o.Truth != GroundTruth.Unknown).ToArray();
        var labels = labelled.Select(o => o.Truth == GroundTruth.Agent ? 1f : 0f).ToArray();
        var agents = labels.Count(l => l == 1f);
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        return new DemoSummary
        {
            Events = metrics.EventsProcessed,
            Rejected = metrics.Rejected,
            Ignored = metrics.Stages.FirstOrDefault(s => s.Name == "parse")?.Stopped is { } stopped ? stopped - metrics.Rejected : 0,
            Sessions = finished.Length,
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3),
            EventsPerSecond = Math.Round(metrics.EventsProcessed / seconds),
            LatencyP50Ms = Math.Round(metrics.EndToEndP50Ms, 4),
            LatencyP99Ms = Math.Round(metrics.EndToEndP99Ms, 4),
            AgentAuc = Auc(labelled.Select(o => o.AgentProbability).ToArray(), labels),
            DetectorAuc = Auc(labelled.Select(o => o.Detector).ToArray(), labels),
            AgentShareDetected = finished.Length == 0 ? 0 : (double)finished.Count(o => o.Detector > 0.5) / finished.Length,
            AgentShareTrue = labelled.Length == 0 ? double.NaN : (double)agents / labelled.Length,
            PricedEvents = pricing.PricedEvents,
            MeanPriceHuman = pricing.MeanPrice(GroundTruth.Human),
            MeanPriceAgent = pricing.MeanPrice(GroundTruth.Agent),
            MeanMarkupHuman = pricing.MeanMarkup(GroundTruth.Human),
            MeanMarkupAgent = pricing.MeanMarkup(GroundTruth.Agent),
            CoiLevel = pricing.CoiLevel,
            ShieldFallbacks = pricing.ShieldFallbacks,
            Policy = options.Pricing.Policy,
            Alpha = options.Generator.Alpha,
            Seed = options.Generator.Seed,
            Partitions = runtime.Partitions,
            Input = input,
        };
    }

    private static double Auc(double[] scores, float[] labels)
    {
        var positives = labels.Count(l => l == 1f);
        return positives == 0 || positives == labels.Length ? double.NaN : ClassificationMetrics.RocAuc(scores, labels);
    }
}
