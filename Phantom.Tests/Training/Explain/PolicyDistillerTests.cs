using Phantom.Streams.Randomness;
using Phantom.Training.Explain;
using Phantom.Training.Policies;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Explain;

public class PolicyDistillerTests
{
    [Fact]
    public void Explain_SurgePolicy_RecoversItsRulesWithFullFidelity()
    {
        var options = new SimulatorOptions();
        var surge = new SurgePolicy(options);

        var explanation = PolicyDistiller.Explain(surge, new SpreadDemandSampler(options.ProductCount), options.ActionScales(), new DistillationOptions { Samples = 6_000, Seed = 3 });

        // Surge: ×1.10 when mean q̃ ≥ 60, ×0.90 when mean q̃ ≤ 30, else ×1.0.
        Assert.True(explanation.Fidelity >= 0.99, $"fidelity {explanation.Fidelity}");
        Assert.Equal(3, explanation.Rules.Count);
        Assert.All(explanation.Rules, r => Assert.All(r.Conditions, c => Assert.Equal("mean_q", c.FeatureName)));
        var down = Assert.Single(explanation.Rules, r => r.PredictionLabel == "scale 0.9");
        var up = Assert.Single(explanation.Rules, r => r.PredictionLabel == "scale 1.1");
        Assert.Single(explanation.Rules, r => r.PredictionLabel == "scale 1");
        Assert.InRange(down.Conditions.Single().Upper, 29, 31);
        Assert.InRange(up.Conditions.Single().Lower, 59, 61);
        Assert.Matches(@"^if mean_q ≤ (29|30|31)(\.\d+)? then scale 0\.9$", down.ToString());
    }

    [Fact]
    public void Explain_SurgePolicyOnTheSimulator_IsOneRuleBecauseMeanDemandIsAlwaysTen()
    {
        // q̃ is normalised to sum 100, so on the simulator mean q̃ is 100/n = 10 (0 right after a reset): surge always
        // lowers prices there, which the explanation must say plainly.
        var options = new SimulatorOptions { Sessions = 40, MaxSteps = 30 };
        var sampler = new SimulatorObservationSampler(new MarketSimulator(options));

        var explanation = PolicyDistiller.Explain(new SurgePolicy(options), sampler, options.ActionScales(), new DistillationOptions { Samples = 600 });

        Assert.Equal(1.0, explanation.Fidelity);
        Assert.Equal("always scale 0.9", Assert.Single(explanation.Rules).ToString());
    }

    [Fact]
    public void Explain_TrainedQTable_IsFaithfulOnHeldOutSimulatorStates()
    {
        var options = new SimulatorOptions { Sessions = 40, MaxSteps = 50 };
        var policy = new QTablePolicy(options);
        policy.Train(new MarketSimulator(options), 6_000, seed: 4);
        var sampler = new SimulatorObservationSampler(new MarketSimulator(options), exploreShare: 0.3);

        var explanation = PolicyDistiller.Explain(policy, sampler, options.ActionScales(), new DistillationOptions { Samples = 4_000, Seed = 5 });

        Assert.True(explanation.Tree.Depth <= 5);
        Assert.True(explanation.Fidelity >= 0.85, $"fidelity {explanation.Fidelity}");
        Assert.True(explanation.TrainingSamples + explanation.HeldOutSamples == 4_000);
        Assert.Equal(1.0, explanation.ActionShares.Sum(), 9);
    }

    [Fact]
    public void Explain_SameSeed_SameRules()
    {
        var options = new SimulatorOptions { Sessions = 40, MaxSteps = 30 };
        var policy = new QTablePolicy(options);
        policy.Train(new MarketSimulator(options), 2_000, seed: 1);

        string[] Rules() => PolicyDistiller.Explain(policy, new SimulatorObservationSampler(new MarketSimulator(options)), options.ActionScales(), new DistillationOptions { Samples = 800, Seed = 2 })
            .Rules.Select(r => r.ToString()).ToArray();

        Assert.Equal(Rules(), Rules());
    }

    /// <summary>Observations whose mean q̃ is spread uniformly over [0, 100], so every surge regime is sampled.</summary>
    private sealed class SpreadDemandSampler(int products) : IObservationSampler
    {
        public int ProductCount => products;

        public IReadOnlyList<double[]> Sample(IPricingAgent policy, int count, long seed)
        {
            var random = new SeededRandom(seed);
            var samples = new List<double[]>(count);
            for (var s = 0; s < count; s++)
            {
                var observation = new double[SimulatorObservation.Size(products)];
                var mean = random.NextDouble() * 100;
                var weights = Enumerable.Range(0, products).Select(_ => 0.5 + random.NextDouble()).ToArray();
                var scale = mean * products / weights.Sum();
                for (var i = 0; i < products; i++)
                {
                    observation[i] = weights[i] * scale;
                    observation[products + i] = 10 + (random.NextDouble() * 140);
                }

                observation[^4] = random.NextDouble();
                observation[^3] = 0.3;
                observation[^2] = 0.3;
                observation[^1] = 0.15;
                samples.Add(observation);
            }

            return samples;
        }
    }
}
