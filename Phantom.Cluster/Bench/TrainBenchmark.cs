using System.Diagnostics;
using Phantom.Cluster.Console;
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;
using Phantom.Training.Detection;
using Phantom.Training.Policies;
using Phantom.Training.Replay;
using Phantom.Training.Simulation;

namespace Phantom.Cluster.Bench;

/// <summary>
/// <c>phantom bench train</c>: the Lambda branch's speeds — the market simulator (K = 1 and K = 5), PPO training, replay
/// of stored events into session features, and detector training on replayed sessions — each with the same code the
/// commands run.
/// </summary>
internal sealed class TrainBenchmark(PhantomOptions options, int ppoSteps, long replayEvents, int detectorSessions)
{
    public TrainBenchmarkResult Run()
    {
        var seed = (long)options.Generator.Seed;
        var baseline = new SimulatorOptions { Mode = SimulatorMode.Baseline };
        var robust = new SimulatorOptions { Mode = SimulatorMode.Robust };
        var k1 = SimulatorSpeed.Measure(baseline, steps: 300_000, seed);
        Terminal.Note($"simulator K=1: {k1.StepsPerSecond:N0} steps/s");
        var k5 = SimulatorSpeed.Measure(robust, steps: 100_000, seed);
        Terminal.Note($"simulator K=5: {k5.StepsPerSecond:N0} steps/s");

        var clock = Stopwatch.StartNew();
        new PpoAgent(robust).Train(new MarketSimulator(robust), ppoSteps, seed);
        var ppoSeconds = clock.Elapsed.TotalSeconds;
        Terminal.Note($"PPO: {ppoSteps:N0} steps in {ppoSeconds:0.0} s");

        var (replayRate, replayed) = Replay(Generate(replayEvents), out _);
        Terminal.Note($"replay: {replayRate:N0} events/s over {replayed:N0} events");

        // The detector trains on detectorSessions sessions; a further 1% is held out to score it. Enough generated
        // traffic for all of them (about 4.6 events a session at the default settings, so 4.7 leaves some to spare).
        const double testFraction = 0.01;
        var wanted = (int)Math.Ceiling(detectorSessions / (1 - testFraction));
        var dataset = new SessionDataset();
        Replay(Generate((long)(wanted * 4.7)), out var sessions);
        foreach (var session in sessions.Take(wanted))
        {
            dataset.Add(session);
        }

        var result = DetectorTrainer.Train(dataset.ToLabeled(), new DetectorOptions { TestFraction = testFraction, Seed = seed });
        Terminal.Note($"detector: {result.TrainSessions:N0} sessions in {result.TrainingTime.TotalSeconds:0.0} s, ROC-AUC {result.Test.RocAuc:0.0000}");
        return new TrainBenchmarkResult
        {
            SimulatorStepsPerSecondK1 = Math.Round(k1.StepsPerSecond),
            SimulatorStepsPerSecondK5 = Math.Round(k5.StepsPerSecond),
            PpoSteps = ppoSteps,
            PpoTrainingSeconds = Math.Round(ppoSeconds, 2),
            ReplayEvents = replayed,
            ReplayEventsPerSecond = Math.Round(replayRate),
            DetectorSessions = result.TrainSessions,
            DetectorTrainingSeconds = Math.Round(result.TrainingTime.TotalSeconds, 2),
            DetectorTestRocAuc = Math.Round(result.Test.RocAuc, 4),
            Seed = seed,
        };
    }

    private List<byte[]> Generate(long events)
    {
        Terminal.Note($"generating {events:N0} events");
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        var buffer = new byte[generator.MaxLineBytes];
        var records = new List<byte[]>((int)events);
        for (long i = 0; i < events; i++)
        {
            generator.TryWriteNext(buffer, out var written, out _);
            records.Add(buffer.AsSpan(0, written).ToArray());
        }

        return records;
    }

    private (double EventsPerSecond, long Events) Replay(List<byte[]> records, out List<ReplayedSession> sessions)
    {
        var collected = new List<ReplayedSession>();
        var clock = Stopwatch.StartNew();
        var statistics = new SessionReplayer(options).Run(new MemoryReplaySource(records), collected.Add);
        clock.Stop();
        sessions = collected;
        return (statistics.Records / clock.Elapsed.TotalSeconds, statistics.Records);
    }
}
