using Phantom.Training.Policies;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Policies;

public class PpoAgentTests
{
    private static PpoOptions Small() => new() { RolloutSteps = 512, BatchSize = 128, Epochs = 4 };

    private static SimulatorOptions Tiny() => new() { ProductCount = 3, Sessions = 20, MaxSteps = 30, Mode = SimulatorMode.Baseline };

    private static List<double[]> Observations(SimulatorOptions options, int count)
    {
        var environment = new MarketSimulator(options);
        var observations = new List<double[]> { environment.Reset(5).ToArray() };
        var action = 0;
        while (observations.Count < count)
        {
            var result = environment.Step(action++ % environment.ActionCount);
            observations.Add(environment.Observation.ToArray());
            if (result.Done)
            {
                environment.Reset(observations.Count);
            }
        }

        return observations;
    }

    [Fact]
    public void Train_DefaultSimulator_EarnsMoreRewardThanStatic()
    {
        var options = new SimulatorOptions(); // robust mode, α0 = 0.3, n = 10, N = 100
        var agent = new PpoAgent(options);
        agent.Train(new MarketSimulator(options), 12_288, seed: 11);

        var environment = new MarketSimulator(options);
        double ppo = 0, baseline = 0;
        for (var e = 0; e < 3; e++)
        {
            ppo += EpisodeRunner.Run(environment, agent, 1000 + e).TotalReward;
            baseline += EpisodeRunner.Run(environment, new StaticPolicy(options), 1000 + e).TotalReward;
        }

        Assert.True(ppo > 1.2 * baseline, $"ppo {ppo / 3:F0} vs static {baseline / 3:F0}");
        Assert.Equal(12_288, agent.LastUpdate.Timesteps);
    }

    [Fact]
    public void Train_SameSeed_SameWeightsAndActions_OtherSeedDiffers()
    {
        var options = Tiny();
        var first = new PpoAgent(options, Small());
        var second = new PpoAgent(options, Small());
        var third = new PpoAgent(options, Small());
        first.Train(new MarketSimulator(options), 1_024, seed: 3);
        second.Train(new MarketSimulator(options), 1_024, seed: 3);
        third.Train(new MarketSimulator(options), 1_024, seed: 4);

        for (var p = 0; p < first.Parameters.Count; p++)
        {
            Assert.Equal(first.Parameters[p].Value, second.Parameters[p].Value);
        }

        foreach (var observation in Observations(options, 50))
        {
            Assert.Equal(first.Act(observation), second.Act(observation));
            Assert.Equal(first.ActionProbabilities(observation), second.ActionProbabilities(observation));
        }

        Assert.NotEqual(first.Parameters[0].Value, third.Parameters[0].Value);
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameActionsProbabilitiesAndStatistics()
    {
        var options = Tiny();
        var trained = new PpoAgent(options, Small());
        trained.Train(new MarketSimulator(options), 1_024, seed: 8);
        using var stream = new MemoryStream();
        trained.Save(stream);
        stream.Position = 0;

        var loaded = new PpoAgent(options, Small());
        loaded.Load(stream);

        Assert.Equal(trained.ObservationStatistics.Mean.ToArray(), loaded.ObservationStatistics.Mean.ToArray());
        Assert.Equal(trained.ObservationStatistics.Variance.ToArray(), loaded.ObservationStatistics.Variance.ToArray());
        foreach (var observation in Observations(options, 40))
        {
            Assert.Equal(trained.Act(observation), loaded.Act(observation));
            Assert.Equal(trained.ActionProbabilities(observation), loaded.ActionProbabilities(observation));
            Assert.Equal(trained.Value(observation), loaded.Value(observation));
        }
    }

    [Fact]
    public void Load_OtherArchitecture_FailsLoudly()
    {
        var trained = new PpoAgent(Tiny(), Small());
        using var stream = new MemoryStream();
        trained.Save(stream);
        stream.Position = 0;
        var wider = new PpoAgent(new SimulatorOptions { ProductCount = 4 }, Small());
        Assert.Throws<InvalidDataException>(() => wider.Load(stream));
    }

    [Fact]
    public void Train_WrongSimulatorShape_ThrowsNamingSizes()
    {
        var agent = new PpoAgent(Tiny(), Small());
        var error = Assert.Throws<ArgumentException>(() => agent.Train(new MarketSimulator(new SimulatorOptions()), 10, 1));
        Assert.Contains("observation size 24", error.Message);
    }

    [Fact]
    public void Train_MoreRollouts_AllocatesAlmostNothingPerStep()
    {
        var options = Tiny();
        var environment = new MarketSimulator(options);
        var agent = new PpoAgent(options, new PpoOptions { RolloutSteps = 256, BatchSize = 64, Epochs = 2 });
        agent.Train(environment, 256 * 8, seed: 1); // warms the simulator's f(τ) memo and the JIT

        var before = GC.GetAllocatedBytesForCurrentThread();
        agent.Train(environment, 256 * 2, seed: 2);
        var short_ = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        agent.Train(environment, 256 * 12, seed: 2);
        var long_ = GC.GetAllocatedBytesForCurrentThread() - before;

        // Ten more rollouts (2,560 steps and 20 update epochs) may only add what the simulator's memo learns.
        var perStep = (long_ - short_) / (256.0 * 10);
        Assert.True(perStep < 64, $"{perStep:F1} bytes per step");
    }

    [Fact]
    public void Registry_Default_CreatesPpoTier()
    {
        var agent = PricingTierRegistry.CreateDefault().Create("ppo", new SimulatorOptions());
        Assert.IsType<PpoAgent>(agent);
        Assert.Equal("ppo", agent.Name);
    }

    [Fact]
    public void Options_BadValue_ErrorNamesTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new PpoAgent(new SimulatorOptions(), new PpoOptions { ClipRange = 0 }));
        Assert.Contains("clip-range", error.Message);
    }
}
