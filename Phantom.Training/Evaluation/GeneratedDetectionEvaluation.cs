using System.Diagnostics;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;
using Phantom.Training.Data;
using Phantom.Training.Detection;
using Phantom.Training.Replay;

namespace Phantom.Training.Evaluation;

/// <summary>
/// Trains the session detector on generated sessions of some seeds and scores it on sessions of other seeds: every
/// stream is generated, replayed through the live feature code, and only then split, so no session (and no draw of
/// the generator) is on both sides.
/// </summary>
public static class GeneratedDetectionEvaluation
{
    public static GeneratedDetectionResult Run(PhantomOptions options, GeneratedDetectionSettings settings, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TrainSeeds.Count == 0 || settings.TestSeeds.Count == 0)
        {
            throw new ArgumentException("the evaluation needs at least one training seed and one test seed");
        }

        var shared = settings.TrainSeeds.Intersect(settings.TestSeeds).ToList();
        if (shared.Count > 0)
        {
            throw new ArgumentException($"seed {shared[0]} is both a training and a test seed; held out means other seeds");
        }

        long events = 0;
        var replayClock = new Stopwatch();
        (LabeledDataset Data, double[] Live) Build(IReadOnlyList<long> seeds)
        {
            var dataset = new SessionDataset();
            var live = new List<double>();
            foreach (var seed in seeds)
            {
                var seeded = WithGenerator(options, settings.Alpha, seed);
                var replayer = new SessionReplayer(seeded);
                replayClock.Start();
                var stats = replayer.Run(new GeneratorReplaySource(seeded, settings.EventsPerSeed), s =>
                {
                    dataset.Add(s);
                    live.Add(replayer.Model.Detector.Score(s.Features));
                });
                replayClock.Stop();
                events += stats.Events;
                log?.Invoke($"seed {seed}: {stats.Events:N0} events -> {stats.Sessions:N0} sessions ({stats.AgentSessions:N0} agents) in {stats.Elapsed.TotalSeconds:F1} s");
            }

            return (dataset.ToLabeled(), live.ToArray());
        }

        var (train, _) = Build(settings.TrainSeeds);
        var (test, liveScores) = Build(settings.TestSeeds);
        var clock = Stopwatch.StartNew();
        var gbt = DetectorTrainer.Train(train, test, new DetectorOptions { Algorithm = DetectorAlgorithm.Gbt, Trees = settings.Trees });
        log?.Invoke($"gbt trained on {train.Count:N0} sessions in {gbt.TrainingTime.TotalSeconds:F1} s: held-out ROC-AUC {gbt.Test.RocAuc:F4}");
        var logistic = DetectorTrainer.Train(train, test, new DetectorOptions { Algorithm = DetectorAlgorithm.Logistic });
        log?.Invoke($"logistic trained in {logistic.TrainingTime.TotalSeconds:F1} s: held-out ROC-AUC {logistic.Test.RocAuc:F4}");
        clock.Stop();

        var kernelColumn = test.FeatureNames.ToList().IndexOf("agent_probability");
        var kernel = new double[test.Count];
        for (var r = 0; r < test.Count; r++)
        {
            kernel[r] = test.Features[r, kernelColumn];
        }

        return new GeneratedDetectionResult(
            settings.Alpha, settings.TrainSeeds, settings.TestSeeds, settings.EventsPerSeed, train.Count, test.Count,
            HeldOutScores.From(gbt.Test), HeldOutScores.From(logistic.Test),
            HeldOutScores.Ranking(liveScores, test.Labels), HeldOutScores.Ranking(kernel, test.Labels),
            replayClock.Elapsed.TotalSeconds > 0 ? events / replayClock.Elapsed.TotalSeconds : 0,
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The configuration with the generator's α and seed replaced: a shallow copy whose generator section is new, so
    /// the caller's options stay as they were.
    /// </summary>
    public static PhantomOptions WithGenerator(PhantomOptions options, double alpha, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.ShallowCopy();
        copy.Generator = options.Generator.Clone();
        copy.Generator.Alpha = alpha;
        copy.Generator.Seed = checked((int)seed);
        return copy;
    }
}
