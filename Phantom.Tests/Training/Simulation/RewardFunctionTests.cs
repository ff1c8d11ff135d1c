using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

public class RewardFunctionTests
{
    [Fact]
    public void Compute_PriceCutWithCoiPenalty_MatchesHandComputation()
    {
        var reward = new RewardFunction(new SimulatorOptions { Mode = SimulatorMode.Robust });

        // R = 20·60 + 40·40 = 2800; C = 10·100 = 1000 = B; profit 1800; COI 0.2·0.5·1·1000 = 100;
        // v = (0.2 + 0)/2 = 0.1, u = 0 → UX 0.5·1000·0.1 = 50; no price above 60 → supra 0.
        var terms = reward.Compute([20, 40], [25, 40], [60, 40], 0.5);
        Assert.Equal(2800, terms.Revenue, 9);
        Assert.Equal(1000, terms.Cost, 9);
        Assert.Equal(1800, terms.Profit, 9);
        Assert.Equal(100, terms.CoiPenalty, 9);
        Assert.Equal(50, terms.UxPenalty, 9);
        Assert.Equal(0, terms.SupraPenalty, 9);
        Assert.Equal(1650, terms.Reward, 9);
    }

    [Fact]
    public void Compute_PriceRiseAboveSupraReferenceInBaseline_MatchesHandComputation()
    {
        var reward = new RewardFunction(new SimulatorOptions { Mode = SimulatorMode.Baseline });

        // R = 90·50 + 30·50 = 6000; C = B = 1000; v = u = (0.5 + 0)/2 = 0.25 → UX 0.5·1000·(0.25 + 0.125) = 187.5;
        // supra = 0.5·0.5·1000·((1.5 − 1)² + 0)/2 = 31.25; λ_coi = 0 in baseline.
        var terms = reward.Compute([90, 30], [60, 30], [50, 50], 0.9);
        Assert.Equal(0, terms.CoiPenalty);
        Assert.Equal(187.5, terms.UxPenalty, 9);
        Assert.Equal(31.25, terms.SupraPenalty, 9);
        Assert.Equal(6000 - 1000 - 187.5 - 31.25, terms.Reward, 9);
    }

    [Fact]
    public void Compute_NoDemand_UsesCostFloorOfOne()
    {
        var reward = new RewardFunction(new SimulatorOptions { Mode = SimulatorMode.Robust });
        var terms = reward.Compute([50, 50], [50, 50], [0, 0], 1.0);
        Assert.Equal(0, terms.Profit);
        Assert.Equal(0.2, terms.CoiPenalty, 12); // λ·f·info·max(C, 1) with C = 0
        Assert.Equal(-0.2, terms.Reward, 12);
    }
}
