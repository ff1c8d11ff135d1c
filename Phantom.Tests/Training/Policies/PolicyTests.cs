using Phantom.Training.Policies;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Policies;

public class PolicyTests
{
    private static double[] Observation(double[] demand, double[] prices) =>
        [.. demand, .. prices, 0.5, 0.3, 0.3, 0.15];

    [Fact]
    public void Static_AnyObservation_PicksScaleOne()
    {
        var policy = new StaticPolicy(new SimulatorOptions());
        Assert.Equal(4, policy.Act(Observation([90, 90], [50, 50])));
        Assert.Equal(4, policy.Act(Observation([0, 0], [10, 10])));
    }

    [Theory]
    [InlineData(70, 6)] // mean q̃ ≥ 60 → ×1.10
    [InlineData(60, 6)]
    [InlineData(45, 4)] // between → ×1.0
    [InlineData(30, 2)] // ≤ 30 → ×0.90
    [InlineData(10, 2)]
    public void Surge_MeanDemand_PicksThresholdScale(double meanDemand, int expected)
    {
        var policy = new SurgePolicy(new SimulatorOptions());
        Assert.Equal(expected, policy.Act(Observation([meanDemand - 5, meanDemand + 5], [50, 50])));
    }

    [Fact]
    public void LinearFit_KnownLine_RecoversInterceptAndSlope()
    {
        var x = Enumerable.Range(1, 20).Select(i => i * 5.0).ToArray();
        var y = x.Select(p => 200 - (1.5 * p)).ToArray();
        var fit = LinearFit.Fit(x, y);
        Assert.Equal(200, fit.Intercept, 9);
        Assert.Equal(-1.5, fit.Slope, 9);
    }

    [Fact]
    public void LinearFit_NoSpreadInX_IsFlatAtMeanY()
    {
        var fit = LinearFit.Fit([3, 3, 3], [1, 2, 6]);
        Assert.Equal(0, fit.Slope);
        Assert.Equal(3, fit.Intercept, 12);
    }

    [Fact]
    public void Linear_DownwardLine_TargetsRevenueOptimumAndStepsTowardsIt()
    {
        var policy = new LinearPolicy(new SimulatorOptions());
        policy.SetLine(new LinearFit(200, -1.5));
        Assert.Equal(200 / 3.0, policy.TargetPrice, 9); // −a/2b
        Assert.Equal(8, policy.Act(Observation([10, 10], [50, 50]))); // 66.7/50 = 1.33 → closest scale 1.2
        Assert.Equal(3, policy.Act(Observation([10, 10], [70, 70]))); // 66.7/70 = 0.952 → 0.95
        policy.SetLine(new LinearFit(10, 0));
        Assert.Equal(80, policy.TargetPrice); // not downward: fallback
        policy.SetLine(new LinearFit(1000, -1));
        Assert.Equal(150, policy.TargetPrice); // 500 clipped to the upper bound
    }

    [Fact]
    public void Linear_Train_FitsOnWarmupData()
    {
        var options = new SimulatorOptions().With(SimulatorMode.Baseline, 0.3);
        var policy = new LinearPolicy(options);
        policy.Train(new MarketSimulator(options), 0, 5);

        // q̃ sums to 100 every step, so mean q̃ is 100/n whatever the price: the OLS line is flat at 10.
        Assert.Equal(10, policy.Fit.Intercept, 6);
        Assert.Equal(0, policy.Fit.Slope, 6);
        Assert.Equal(80, policy.TargetPrice);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(16.0, 0)]
    [InlineData(20.0, 1)]
    [InlineData(50.0, 3)] // an edge counts as reached (numpy digitize, right = false)
    [InlineData(100.0, 5)]
    public void QTable_Digitize_CountsEdgesAtOrBelow(double x, int bin)
    {
        var edges = QTablePolicy.InteriorEdges(0, 100, 5);
        Assert.Equal(5, edges.Length);
        Assert.Equal(100 / 6.0, edges[0], 12);
        Assert.Equal(bin, QTablePolicy.Digitize(x, edges));
    }

    [Fact]
    public void QTable_Train_SameSeedSameTable()
    {
        var options = new SimulatorOptions().With(SimulatorMode.Baseline, 0.3);
        var a = new QTablePolicy(options);
        var b = new QTablePolicy(options);
        a.Train(new MarketSimulator(options), 3_000, 9);
        b.Train(new MarketSimulator(options), 3_000, 9);
        var differsFromZero = false;
        for (var s = 0; s < a.StateCount; s++)
        {
            for (var act = 0; act < 9; act++)
            {
                Assert.Equal(a.Value(s, act), b.Value(s, act));
                differsFromZero |= a.Value(s, act) != 0;
            }
        }

        Assert.True(differsFromZero);
        Assert.Equal(Math.Max(0.05, Math.Pow(0.9995, 3_000)), a.Epsilon, 9);
    }

    [Theory]
    [InlineData(SimulatorMode.Baseline)]
    [InlineData(SimulatorMode.Robust)]
    public void QTable_TrainedOnDefaultSimulator_BeatsStatic(SimulatorMode mode)
    {
        var options = new SimulatorOptions().With(mode, 0.3);
        var environment = new MarketSimulator(options);
        var qtable = new QTablePolicy(options);
        qtable.Train(environment, 100_000, 42);
        var fixedPrices = new StaticPolicy(options);

        double learned = 0, baseline = 0;
        for (var e = 0; e < 5; e++)
        {
            learned += EpisodeRunner.Run(environment, qtable, 500 + e).TotalReward;
            baseline += EpisodeRunner.Run(environment, fixedPrices, 500 + e).TotalReward;
        }

        Assert.True(learned > baseline, $"qtable {learned / 5:F0} vs static {baseline / 5:F0}");
    }

    [Fact]
    public void EpisodeRunner_Static_SumsStepRewards()
    {
        var options = new SimulatorOptions().With(SimulatorMode.Baseline, 0.3);
        options.MaxSteps = 7;
        var environment = new MarketSimulator(options);
        var rewards = new List<double>();
        var summary = EpisodeRunner.Run(environment, new StaticPolicy(options), 3, (step, _) => rewards.Add(step.Reward));
        Assert.Equal(7, summary.Steps);
        Assert.Equal(rewards.Sum(), summary.TotalReward, 6);
    }
}
