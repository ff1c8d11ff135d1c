using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

/// <summary>
/// <see cref="SimulatorOptions.RobustFreshDraw"/>: the original's two-stage robust step (choose the worst α, then sample
/// the market afresh at it) against the default, which keeps the worst candidate's own draw.
/// </summary>
public class RobustFreshDrawTests
{
    private const int Neutral = 4;

    private static SimulatorOptions Robust(bool fresh, double alpha = 1.0) => new SimulatorOptions
    {
        Mode = SimulatorMode.Robust,
        Alpha = alpha,
        RobustRadius = 0.2,
        RobustPoints = 7,
        NormalizeObservedDemand = false,
        RobustFreshDraw = fresh,
    };

    [Fact]
    public void Default_IsOff()
    {
        Assert.False(new SimulatorOptions().RobustFreshDraw);
    }

    [Fact]
    public void Step_Default_RewardIsTheWorstCandidates()
    {
        var sim = new MarketSimulator(Robust(fresh: false));
        sim.Reset(5);
        for (var t = 0; t < 10; t++)
        {
            var step = sim.Step(Neutral);
            Assert.Equal(sim.CandidateRewards.ToArray().Min(), step.Reward);
        }
    }

    [Fact]
    public void Step_FreshDraw_ChoosesTheWorstCandidateButScoresAFreshMarket()
    {
        var sim = new MarketSimulator(Robust(fresh: true));
        sim.Reset(5);
        var differs = 0;
        for (var t = 0; t < 10; t++)
        {
            var step = sim.Step(Neutral);
            var candidates = sim.CandidateRewards.ToArray();
            var worst = Array.IndexOf(candidates, candidates.Min());
            Assert.Equal(sim.AlphaGrid[worst], step.AlphaAdversarial);
            differs += step.Reward != candidates[worst] ? 1 : 0;
        }

        Assert.Equal(10, differs);
    }

    [Fact]
    public void Step_FreshDraw_RemovesTheWinnersCurse()
    {
        // At α0 = 1 the worst grid α is nearly always 1 itself; keeping the minimum of 7 correlated draws biases the
        // demand mass down, a fresh draw does not. Same prices (scale 1.0), same seeds.
        static double MeanRevenue(bool fresh)
        {
            var sim = new MarketSimulator(Robust(fresh));
            var total = 0.0;
            var steps = 0;
            for (var episode = 0; episode < 3; episode++)
            {
                sim.Reset(100 + episode);
                while (!sim.IsDone)
                {
                    total += sim.Step(Neutral).Revenue;
                    steps++;
                }
            }

            return total / steps;
        }

        var kept = MeanRevenue(fresh: false);
        var freshDraw = MeanRevenue(fresh: true);
        Assert.True(freshDraw > kept * 1.01, $"mean step revenue {kept:F0} keeping the worst draw, {freshDraw:F0} with a fresh draw");
    }

    [Fact]
    public void Step_BaselineMode_SwitchChangesNothing()
    {
        static double[] Rewards(bool fresh)
        {
            var options = Robust(fresh, alpha: 0.4);
            options.Mode = SimulatorMode.Baseline;
            var sim = new MarketSimulator(options);
            sim.Reset(9);
            return Enumerable.Range(0, 15).Select(t => sim.Step(t % 9).Reward).ToArray();
        }

        Assert.Equal(Rewards(false), Rewards(true));
    }
}
