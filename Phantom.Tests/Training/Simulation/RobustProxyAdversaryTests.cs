using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

/// <summary>
/// <see cref="RobustAdversary.Proxy"/>: the original's closed-form adversary,
/// reward(α) = w·Σ(p − c)·((1 − α)·d_H + α·d_A) − λ_coi·α·info·max(c·ΣD, 1).
/// </summary>
public class RobustProxyAdversaryTests
{
    private const int Neutral = 4;

    private static MarketSimulator Robust(double lambdaCoi, double alpha = 0.3) => new(new SimulatorOptions
    {
        Mode = SimulatorMode.Robust,
        Alpha = alpha,
        ProductCount = 3,
        RobustRadius = 0.2,
        RobustPoints = 7,
        LambdaCoi = lambdaCoi,
        RobustAdversary = RobustAdversary.Proxy,
    });

    [Fact]
    public void Default_IsSampled()
    {
        Assert.Equal(RobustAdversary.Sampled, new SimulatorOptions().RobustAdversary);
    }

    [Fact]
    public void Step_EveryProductAtTheCap_PicksTheTopOfTheGrid()
    {
        // Both class demands are all zero at 150: profit 0, ΣD = 0, reward(α) = −λ·α·info·max(0, 1) = −0.15·α, lowest at
        // the largest α, 0.5 for α0 = 0.3, r = 0.2.
        var sim = Robust(0.15);
        sim.Reset(1);
        for (var t = 0; t < 10; t++)
        {
            sim.SetPrices([150, 150, 150]);
            var step = sim.Step(Neutral);
            Assert.Equal(0.5, step.AlphaAdversarial, 12);
        }
    }

    [Fact]
    public void Step_UniformLowPrice_PicksTheTopOfTheGrid()
    {
        // At 12 everywhere both class demands sum to 100: profit = (12 − 10)·100 = 200 whatever α, c·ΣD = 1000, so
        // reward(α) = 200 − 0.15·α·1000, lowest at the largest α.
        var sim = Robust(0.15, alpha: 0.9);
        sim.Reset(2);
        for (var t = 0; t < 10; t++)
        {
            sim.SetPrices([12, 12, 12]);
            Assert.Equal(1.0, sim.Step(Neutral).AlphaAdversarial, 12);
        }
    }

    [Fact]
    public void Step_NoPenaltyAndNoDemand_TieGoesToTheFirstPoint()
    {
        // λ = 0 and all demand zero: every α scores 0; numpy's argmin and ours take the first, α0 − r = 0.1.
        var sim = Robust(0.0);
        sim.Reset(3);
        sim.SetPrices([150, 150, 150]);
        Assert.Equal(0.1, sim.Step(Neutral).AlphaAdversarial, 12);
    }

    [Fact]
    public void Step_BaselineMode_ProxyChangesNothing()
    {
        static double[] Rewards(RobustAdversary adversary)
        {
            var sim = new MarketSimulator(new SimulatorOptions { Mode = SimulatorMode.Baseline, RobustAdversary = adversary });
            sim.Reset(4);
            return Enumerable.Range(0, 15).Select(t => sim.Step(t % 9).Reward).ToArray();
        }

        Assert.Equal(Rewards(RobustAdversary.Sampled), Rewards(RobustAdversary.Proxy));
    }
}
