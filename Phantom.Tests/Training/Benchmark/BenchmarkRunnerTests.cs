using System.Globalization;
using Phantom.Training.Benchmark;
using Phantom.Training.Policies;

namespace Phantom.Tests.Training.Benchmark;

public sealed class BenchmarkRunnerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "phantom-bench-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private BenchmarkOptions Small(string name, long seed = 42)
    {
        var options = new BenchmarkOptions
        {
            Tiers = ["static", "surge", "linear", "qtable"],
            AlphaValues = [0.0, 0.5],
            Episodes = 2,
            Seed = seed,
            TotalTimesteps = 2_000,
            OutputDirectory = Path.Combine(_root, name),
        };
        options.Simulator.MaxSteps = 20;
        return options;
    }

    [Fact]
    public void Run_SameSeedTwice_ByteIdenticalOutputs()
    {
        var first = new BenchmarkRunner(Small("a")).Run();
        var second = new BenchmarkRunner(Small("b")).Run();
        Assert.Equal(first.Files.Count, second.Files.Count);
        Assert.Equal(6, first.Files.Count);
        for (var i = 0; i < first.Files.Count; i++)
        {
            Assert.Equal(Path.GetFileName(first.Files[i]), Path.GetFileName(second.Files[i]));
            Assert.Equal(File.ReadAllBytes(first.Files[i]), File.ReadAllBytes(second.Files[i]));
        }

        var other = new BenchmarkRunner(Small("c", seed: 43)).Run();
        Assert.NotEqual(File.ReadAllBytes(first.Files[0]), File.ReadAllBytes(other.Files[0]));
    }

    [Fact]
    public void Run_Summary_AgreesWithRunsAndNamesBestTier()
    {
        var log = new StringWriter();
        var result = new BenchmarkRunner(Small("s"), log: log).Run();

        // 4 tiers × 2 modes × (α 0: nominal + plus; α 0.5: nominal, minus, plus) cells.
        Assert.Equal(4 * 2 * 5, result.Summary.Count);
        Assert.Equal(result.Summary.Count * 2, result.Runs.Count);

        var summaryLines = File.ReadAllLines(Path.Combine(_root, "s", "summary.csv"));
        Assert.Equal(result.Summary.Count + 1, summaryLines.Length);
        var header = summaryLines[0].Split(',');
        foreach (var line in summaryLines.Skip(1))
        {
            var cells = line.Split(',');
            var runs = result.Runs.Where(r => r.Tier == cells[0] && r.Mode == cells[1]
                && r.TrainAlpha == double.Parse(cells[2], CultureInfo.InvariantCulture)
                && r.EvalAlpha == double.Parse(cells[3], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(2, runs.Count);
            var meanRevenue = double.Parse(cells[Array.IndexOf(header, "mean_revenue")], CultureInfo.InvariantCulture);
            Assert.Equal(runs.Average(r => r.Summary.TotalRevenue), meanRevenue, 6);
            var meanReward = double.Parse(cells[Array.IndexOf(header, "mean_reward")], CultureInfo.InvariantCulture);
            Assert.Equal(meanReward, double.Parse(cells[Array.IndexOf(header, "objective_score")], CultureInfo.InvariantCulture));
        }

        var expectedBest = result.Summary.Where(r => r.Stress == "nominal")
            .GroupBy(r => r.Tier)
            .OrderByDescending(g => g.Average(r => r.MeanReward))
            .First().Key;
        Assert.Equal(expectedBest, result.BestTier);
        Assert.Equal($"BEST_TIER={expectedBest}", result.BestTierLine);
        Assert.EndsWith($"BEST_TIER={expectedBest}", log.ToString().TrimEnd());
    }

    [Fact]
    public void Run_NoRobust_OnlyBaselineRows()
    {
        var options = Small("n");
        options.NoRobust = true;
        options.Tiers = ["static"];
        var result = new BenchmarkRunner(options).Run();
        Assert.All(result.Summary, r => Assert.Equal("baseline", r.Mode));
        Assert.Equal("static", result.BestTier);
    }

    [Fact]
    public void Run_UnsupportedTier_FailsListingSupportedTiers()
    {
        var options = Small("u");
        options.Tiers = ["static", "dqn"];
        var error = Assert.Throws<ArgumentException>(() => new BenchmarkRunner(options).Run());
        Assert.Contains("dqn", error.Message);
        Assert.Contains("qtable", error.Message);
    }

    [Fact]
    public void StressPoints_AroundAlpha_AreClippedAndDeduplicated()
    {
        var runner = new BenchmarkRunner(Small("p"), PricingTierRegistry.CreateDefault());
        Assert.Equal([("nominal", 0.3), ("minus", 0.15), ("plus", 0.45)], runner.StressPoints(0.3).Select(p => (p.Name, Math.Round(p.Alpha, 12))));
        Assert.Equal([("nominal", 0.0), ("plus", 0.15)], runner.StressPoints(0.0).Select(p => (p.Name, Math.Round(p.Alpha, 12))));
        Assert.Equal([("nominal", 1.0), ("minus", 0.85)], runner.StressPoints(1.0).Select(p => (p.Name, Math.Round(p.Alpha, 12))));
    }
}
