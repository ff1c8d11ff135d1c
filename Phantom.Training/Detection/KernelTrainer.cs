using Phantom.Streams.Models;
using System.Text.Json;
using Phantom.Streams.Configuration;
using Phantom.Training.Registry;
using Phantom.Training.Replay;

namespace Phantom.Training.Detection;

/// <summary>
/// Estimates the human and agent kernels from replayed, labelled sessions (<see cref="KernelEstimator"/>) and writes
/// them as a model artifact: <c>kernels.json</c> in the shape of <c>phantom.agent.kernels</c> plus <c>model.json</c>.
/// </summary>
public static class KernelTrainer
{
    public const string FileName = ArtifactFiles.Kernels;

    /// <summary>Replays <paramref name="source"/> with trajectories and estimates both kernels.</summary>
    public static KernelTrainingResult Train(IReplaySource source, PhantomOptions options, ReplayOptions? replay = null, bool skipHovers = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var estimator = new KernelEstimator(skipHovers ? KernelEstimator.HoverStates : null);
        var replayer = new SessionReplayer(options, (replay ?? new ReplayOptions()) with { KeepTrajectories = true });
        replayer.Run(source, s => estimator.Add(s.Label, s.States!, s.Events));
        return Result(estimator, options.Agent.Epsilon);
    }

    /// <summary>The kernels of whatever <paramref name="estimator"/> has counted.</summary>
    public static KernelTrainingResult Result(KernelEstimator estimator, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        if (estimator.HumanSessions == 0 || estimator.AgentSessions == 0)
        {
            throw new InvalidDataException(
                $"kernels need labelled human and agent sessions with at least 2 events; got {estimator.HumanSessions} human and {estimator.AgentSessions} agent");
        }

        var human = estimator.Human(epsilon);
        var agent = estimator.Agent(epsilon);
        var rows = new Dictionary<string, Dictionary<string, Dictionary<string, double>>>
        {
            ["human"] = KernelEstimator.Rows(human, estimator.HumanCounts),
            ["agent"] = KernelEstimator.Rows(agent, estimator.AgentCounts),
        };
        return new KernelTrainingResult(human, agent, estimator.HumanSessions, estimator.AgentSessions, estimator.IgnoredSessions,
            Sum(estimator.HumanCounts), Sum(estimator.AgentCounts), rows);
    }

    /// <summary>Writes <c>kernels.json</c> and <c>model.json</c> into <paramref name="directory"/>.</summary>
    public static ModelManifest WriteArtifact(KernelTrainingResult result, string directory, string trainingData, long seed)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(result.Rows, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var manifest = new ModelManifest
        {
            Name = "kernels-mle",
            Kind = ModelKind.Kernels,
            Algorithm = "mle",
            Created = DateTimeOffset.UtcNow,
            Seed = seed,
            FeatureSchema = [.. Enumerable.Range(0, Phantom.Streams.Events.EventNames.StateCount).Select(s => Phantom.Streams.Events.EventNames.ToWire((Phantom.Streams.Events.EventName)s))],
            Metrics = new Dictionary<string, double>
            {
                ["human_sessions"] = result.HumanSessions,
                ["agent_sessions"] = result.AgentSessions,
                ["ignored_sessions"] = result.IgnoredSessions,
                ["human_transitions"] = result.HumanTransitions,
                ["agent_transitions"] = result.AgentTransitions,
            },
            TrainingData = trainingData,
            Files = [FileName],
            Card = "Human and agent transition kernels for f(τ), estimated by maximum likelihood T̂[s][s'] = N(s,s')/Σ_k N(s,k) "
                + "from labelled sessions with at least 2 events (PHANTOM-MODEL.md section 2). kernels.json has the shape of "
                + "phantom.agent.kernels; rows never visited are absent and go to session_end.",
        };
        manifest.Save(directory);
        return manifest;
    }

    private static long Sum(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        return total;
    }
}
