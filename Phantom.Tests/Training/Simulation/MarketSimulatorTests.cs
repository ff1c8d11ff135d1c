using Phantom.Streams.Agents;
using Phantom.Streams.Demand;
using Phantom.Streams.Events;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

public class MarketSimulatorTests
{
    private static SimulatorOptions Baseline(double alpha = 0.3) => new SimulatorOptions().With(SimulatorMode.Baseline, alpha);

    private static int ScaleIndex(MarketSimulator sim, double scale)
    {
        for (var i = 0; i < sim.ActionScales.Length; i++)
        {
            if (Math.Abs(sim.ActionScales[i] - scale) < 1e-12)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no scale {scale}");
    }

    [Fact]
    public void ActionScales_Default_AreLinspaceFrom08To12()
    {
        var sim = new MarketSimulator(Baseline());
        double[] expected = [0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2];
        Assert.Equal(expected.Length, sim.ActionCount);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], sim.ActionScales[i], 12);
        }
    }

    [Fact]
    public void Reset_SameSeed_SameRewardTrajectory()
    {
        static double[] Rewards(long seed)
        {
            var sim = new MarketSimulator(new SimulatorOptions());
            sim.Reset(seed);
            var rewards = new List<double>();
            for (var t = 0; t < 30 && !sim.IsDone; t++)
            {
                rewards.Add(sim.Step(t % 9).Reward);
            }

            return [.. rewards, .. sim.Observation.ToArray()];
        }

        Assert.Equal(Rewards(11), Rewards(11));
        Assert.NotEqual(Rewards(11), Rewards(12));
    }

    [Fact]
    public void Reset_Observation_HasLayoutAndPricesInBounds()
    {
        var options = Baseline(0.4);
        options.ProductCount = 6;
        var sim = new MarketSimulator(options);
        var obs = sim.Reset(3);
        Assert.Equal((2 * 6) + 4, obs.Length);
        Assert.All(SimulatorObservation.Demand(obs).ToArray(), q => Assert.Equal(0.0, q));
        Assert.All(SimulatorObservation.Prices(obs).ToArray(), p => Assert.InRange(p, 10, 150));
        Assert.Equal(0.5, SimulatorObservation.AgentProbability(obs));
        Assert.Equal(0.4, SimulatorObservation.AdversarialAlpha(obs));
        Assert.Equal(0.4, SimulatorObservation.NominalAlpha(obs));
        Assert.Equal(0.0, SimulatorObservation.RobustRadius(obs));
    }

    [Theory]
    [InlineData(0.37, 37)]
    [InlineData(0.29, 29)]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 100)]
    [InlineData(0.999, 99)]
    public void Step_Contamination_AgentSessionsAreFloorOfNAlpha(double alpha, int agents)
    {
        var sim = new MarketSimulator(Baseline(alpha));
        sim.Reset(5);
        sim.StartRecording();
        var result = sim.Step(4);
        Assert.Equal(agents, result.AgentSessions);
        Assert.Equal(100 - agents, result.HumanSessions);
        Assert.Equal(agents, sim.Recorded.Count(t => t.IsAgent));
        Assert.Equal(100 - agents, sim.Recorded.Count(t => !t.IsAgent));
    }

    [Fact]
    public void Step_Multiplicative_ScalesAndClipsPrices()
    {
        var options = Baseline();
        options.ProductCount = 3;
        var sim = new MarketSimulator(options);
        sim.Reset(1);
        sim.SetPrices([100, 140, 12]);
        sim.Step(ScaleIndex(sim, 1.2));
        Assert.Equal([120, 150, 14.4], sim.Prices.ToArray().Select(p => Math.Round(p, 10)));
        sim.Step(ScaleIndex(sim, 0.8));
        Assert.Equal([96, 120, 11.52], sim.Prices.ToArray().Select(p => Math.Round(p, 10)));
        sim.Step(ScaleIndex(sim, 0.8));
        Assert.Equal(10.0, sim.Prices[2]); // 9.216 clipped to the floor
    }

    [Fact]
    public void Step_Anchored_BlendsTowardsScaledAnchorAndCaps()
    {
        var options = Baseline();
        options.ProductCount = 3;
        options.Decoding = PriceDecoding.Anchored;
        var sim = new MarketSimulator(options);
        sim.Reset(1);
        sim.SetPrices([100, 20, 10]);
        sim.Step(ScaleIndex(sim, 1.2));

        // 0.75·100 + 0.25·50·1.2 = 90 → capped at min(150, 1.15·50) = 57.5; 0.75·20 + 15 = 30; 0.75·10 + 15 = 22.5.
        Assert.Equal([57.5, 30, 22.5], sim.Prices.ToArray().Select(p => Math.Round(p, 10)));
        sim.Step(ScaleIndex(sim, 0.8));

        // 0.75·57.5 + 0.25·50·0.8 = 53.125; 0.75·30 + 10 = 32.5; 0.75·22.5 + 10 = 26.875.
        Assert.Equal([53.125, 32.5, 26.875], sim.Prices.ToArray().Select(p => Math.Round(p, 10)));
    }

    [Fact]
    public void Step_Reward_EqualsFormulaOverObservedInputs()
    {
        foreach (var mode in new[] { SimulatorMode.Baseline, SimulatorMode.Robust })
        {
            var options = new SimulatorOptions().With(mode, 0.3);
            var sim = new MarketSimulator(options);
            sim.Reset(21);
            for (var t = 0; t < 12; t++)
            {
                var previous = SimulatorObservation.Prices(sim.Observation).ToArray();
                var result = sim.Step((t * 5) % 9);
                var obs = sim.Observation;
                var p = SimulatorObservation.Prices(obs).ToArray();
                var q = SimulatorObservation.Demand(obs).ToArray();
                var f = SimulatorObservation.AgentProbability(obs);
                var n = p.Length;
                var revenue = Enumerable.Range(0, n).Sum(i => p[i] * q[i]);
                var cost = q.Sum(x => 10 * x);
                var b = Math.Max(cost, 1);
                var lambda = mode == SimulatorMode.Robust ? 0.2 : 0.0;
                var v = Enumerable.Range(0, n).Average(i => Math.Abs((p[i] - previous[i]) / previous[i]));
                var u = Enumerable.Range(0, n).Average(i => Math.Max((p[i] - previous[i]) / previous[i], 0));
                var supra = 0.5 * 0.5 * b * p.Average(x => Math.Pow(Math.Max(0, (x / 60) - 1), 2));
                var expected = (revenue - cost) - (lambda * f * 1.0 * b) - (0.5 * b * (v + (0.5 * u))) - supra;

                Assert.Equal(100.0, q.Sum(), 9);
                Assert.Equal(expected, result.Reward, 6);
                Assert.Equal(revenue, result.Revenue, 6);
                Assert.Equal(supra, result.Terms.SupraPenalty, 6);
                Assert.Equal(p.Average() - 10, result.CoiLevel, 9);
                Assert.Equal((p.Average() - 10) / p.Average(), result.Margin, 12);
                Assert.Equal(f, result.CoiLeakage, 12);
                if (result.Done)
                {
                    break;
                }
            }
        }
    }

    [Fact]
    public void Step_LowMarginForPatienceSteps_Terminates()
    {
        var options = Baseline();
        options.ProductCount = 4;
        var sim = new MarketSimulator(options);
        sim.Reset(8);
        sim.SetPrices([10.2, 10.2, 10.2, 10.2]); // margin 0.2/10.2 ≈ 0.0196 < 0.05
        var neutral = ScaleIndex(sim, 1.0);
        for (var t = 1; t <= 4; t++)
        {
            var early = sim.Step(neutral);
            Assert.False(early.Done, $"step {t} ended the episode early");
        }

        var fifth = sim.Step(neutral);
        Assert.True(fifth.Terminated);
        Assert.False(fifth.Truncated);
        Assert.Throws<InvalidOperationException>(() => sim.Step(neutral));
    }

    [Fact]
    public void Step_MarginRecovers_StreakRestarts()
    {
        var options = Baseline();
        options.ProductCount = 2;
        var sim = new MarketSimulator(options);
        sim.Reset(8);
        sim.SetPrices([10.2, 10.2]);
        var neutral = ScaleIndex(sim, 1.0);
        for (var t = 0; t < 4; t++)
        {
            sim.Step(neutral);
        }

        sim.SetPrices([40, 40]); // margin 0.75 on the next step breaks the streak
        Assert.False(sim.Step(neutral).Done);
        sim.SetPrices([10.2, 10.2]);
        for (var t = 0; t < 4; t++)
        {
            Assert.False(sim.Step(neutral).Done);
        }

        Assert.True(sim.Step(neutral).Terminated);
    }

    [Fact]
    public void Step_MaxSteps_Truncates()
    {
        var options = Baseline();
        options.MaxSteps = 3;
        var sim = new MarketSimulator(options);
        sim.Reset(2);
        sim.SetPrices(Enumerable.Repeat(80.0, 10).ToArray());
        Assert.False(sim.Step(4).Done);
        Assert.False(sim.Step(4).Done);
        var last = sim.Step(4);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
        Assert.Equal(3, last.Step);
    }

    [Fact]
    public void AlphaGrid_Robust_IsClippedLinspace()
    {
        var options = new SimulatorOptions { Alpha = 0.1, RobustRadius = 0.15, RobustPoints = 5 };
        Assert.Equal([0.0, 0.0625, 0.125, 0.1875, 0.25], options.AlphaGrid().Select(a => Math.Round(a, 12)));
        options.Alpha = 0.9;
        Assert.Equal([0.75, 0.8125, 0.875, 0.9375, 1.0], options.AlphaGrid().Select(a => Math.Round(a, 12)));
        Assert.Equal([0.9], options.With(SimulatorMode.Baseline, 0.9).AlphaGrid());
    }

    [Fact]
    public void Step_Robust_TakesTheWorstAlphaOfTheGrid()
    {
        var options = new SimulatorOptions().With(SimulatorMode.Robust, 0.5);
        var sim = new MarketSimulator(options);
        Assert.Equal(5, sim.AlphaGrid.Length);
        sim.Reset(17);
        for (var t = 0; t < 25 && !sim.IsDone; t++)
        {
            var result = sim.Step(t % 9);
            var rewards = sim.CandidateRewards.ToArray();
            var worst = Array.IndexOf(rewards, rewards.Min());
            Assert.Equal(rewards.Min(), result.Reward);
            Assert.Equal(sim.AlphaGrid[worst], result.AlphaAdversarial);
            Assert.Equal(result.AlphaAdversarial, SimulatorObservation.AdversarialAlpha(sim.Observation));
            Assert.Equal(MarketSimulator.AgentSessionCount(100, result.AlphaAdversarial), result.AgentSessions);
            Assert.Equal(0.15, SimulatorObservation.RobustRadius(sim.Observation));
        }

    }

    [Fact]
    public void Step_Trajectories_FollowStopRulesAndScoreWithKernelDivergence()
    {
        var agentOptions = new AgentOptions();
        var human = agentOptions.HumanKernel();
        var agent = agentOptions.AgentKernel();
        var demandOptions = new DemandOptions();
        var sim = new MarketSimulator(Baseline(0.4), agentOptions, demandOptions);
        sim.Reset(99);
        sim.StartRecording();
        for (var t = 0; t < 20; t++)
        {
            var before = sim.Recorded.Count;
            sim.Step(t % 9);
            var step = sim.Recorded.Skip(before).ToList();
            Assert.Equal(100, step.Count);

            var scored = 0;
            var sum = 0.0;
            var demand = new double[10];
            foreach (var trajectory in step)
            {
                var states = trajectory.States;
                Assert.InRange(states.Length, 1, 40);
                for (var i = 0; i < states.Length - 1; i++)
                {
                    Assert.False(IsStop(states[i]), "a trajectory continued after a stop state");
                    var kernel = trajectory.IsAgent ? agent : human;
                    Assert.True(kernel[states[i], states[i + 1]] > 0, "a transition with zero kernel probability");
                }

                if (states.Length < 40)
                {
                    Assert.True(IsStop(states[^1]));
                }

                for (var i = 0; i < states.Length; i++)
                {
                    demand[trajectory.Products[i]] += states[i] == EventName.SessionEnd ? 0 : demandOptions.Weights[states[i].ToWire()];
                }

                if (states.Length >= 2)
                {
                    var reference = KernelDivergence.AgentProbability(states, human, agent, 1.0, 0.5);
                    Assert.Equal(reference, trajectory.AgentProbability);
                    sum += reference;
                    scored++;
                }
                else
                {
                    Assert.True(double.IsNaN(trajectory.AgentProbability));
                }
            }

            var obs = sim.Observation;
            Assert.Equal(scored > 0 ? sum / scored : 0.5, SimulatorObservation.AgentProbability(obs), 12);
            var total = demand.Sum();
            var observed = SimulatorObservation.Demand(obs);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(total > 0 ? 100 * demand[i] / total : 0, observed[i], 9);
            }
        }
    }

    [Fact]
    public void Step_StartStates_CoverAllStatesAndProducts()
    {
        var options = Baseline(0.5);
        options.ProductCount = 3;
        var sim = new MarketSimulator(options);
        sim.Reset(4);
        sim.StartRecording();
        for (var t = 0; t < 40; t++)
        {
            sim.Step(4);
        }

        var starts = sim.Recorded.Select(r => ((int)r.States[0] * 3) + r.Products[0]).ToHashSet();
        Assert.Equal(EventNames.StateCount * 3, starts.Count);
    }

    [Fact]
    public void Constructor_InvalidOption_NamesItsKey()
    {
        var error = Assert.Throws<ArgumentException>(() => new MarketSimulator(new SimulatorOptions { AgentValuationStd = -1 }));
        Assert.Contains("agent-valuation-std", error.Message);
        Assert.Throws<ArgumentException>(() => new MarketSimulator(new SimulatorOptions { PriceMax = 5 }));
    }

    private static bool IsStop(EventName s) => s is EventName.CheckoutStart or EventName.PurchaseComplete or EventName.SessionEnd;
}
