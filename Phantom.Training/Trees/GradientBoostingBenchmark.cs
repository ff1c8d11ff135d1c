using System.Diagnostics;
using Phantom.Streams.Randomness;
using Phantom.Training.Learning;

namespace Phantom.Training.Trees;

/// <summary>
/// Times <see cref="GradientBoostingTrainer.Fit"/> on synthetic data (for `phantom bench train`); not used by tests.
/// The label is a noisy non-linear function of a few features so trees have real splits to find.
/// </summary>
public static class GradientBoostingBenchmark
{
    public static GradientBoostingBenchmarkResult Run(int rows = 1_000_000, int features = 30, int rounds = 100, int maxDepth = 6, long seed = 1, int maxDegreeOfParallelism = -1)
    {
        var clock = Stopwatch.StartNew();
        var (x, y) = Generate(rows, features, seed);
        var generate = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var model = GradientBoostingTrainer.Fit(x, y, new GradientBoostingOptions
        {
            Rounds = rounds,
            MaxDepth = maxDepth,
            Seed = seed,
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        });
        var fit = clock.Elapsed.TotalSeconds;
        var fitCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var p = model.PredictProbabilities(x, maxDegreeOfParallelism);
        return new GradientBoostingBenchmarkResult(rows, features, rounds, maxDepth, Environment.ProcessorCount, generate, fit, fitCpu, Evaluation.ClassificationMetrics.LogLoss(p, y));
    }

    /// <summary>Synthetic binary data: Gaussian features, label from an interaction-heavy logit plus noise.</summary>
    public static (Matrix Features, float[] Labels) Generate(int rows, int features, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 4);
        var random = new SeededRandom(seed);
        var x = new Matrix(rows, features);
        var y = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = x.Row(r);
            for (var f = 0; f < features; f++)
            {
                row[f] = (float)random.NextGaussian();
            }

            var logit = (1.5 * row[0]) - row[1] + (row[2] * row[3]) + (Math.Sin(2 * row[0]) * 0.8) + (row[4] > 0.5f ? 1 : -0.3);
            y[r] = random.NextDouble() < Losses.Sigmoid(logit) ? 1f : 0f;
        }

        return (x, y);
    }
}
