using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

public class ObservedDemandMassTests
{
    private static double MeanDemandMass(bool normalise, double alpha)
    {
        var options = new SimulatorOptions { Mode = SimulatorMode.Baseline, Alpha = alpha, NormalizeObservedDemand = normalise, MaxSteps = 50 };
        var environment = new MarketSimulator(options);
        var neutral = 4; // scale 1.0: prices stay where the episode started
        double total = 0;
        var steps = 0;
        for (var episode = 0; episode < 8; episode++)
        {
            environment.Reset(episode);
            while (!environment.IsDone)
            {
                environment.Step(neutral);
                foreach (var q in SimulatorObservation.Demand(environment.Observation))
                {
                    total += q;
                }

                steps++;
            }
        }

        return total / steps;
    }

    [Fact]
    public void Normalised_Default_SumsToHundredWhateverTheMix()
    {
        Assert.True(new SimulatorOptions().NormalizeObservedDemand);
        Assert.Equal(100, MeanDemandMass(true, 0.0), 6);
        Assert.Equal(100, MeanDemandMass(true, 1.0), 6);
    }

    [Fact]
    public void Unnormalised_AllAgents_CarryLessDemandMassThanAllHumans()
    {
        var humans = MeanDemandMass(false, 0.0);
        var agents = MeanDemandMass(false, 1.0);

        // Expected weighted mass per session from a uniform start: 2.90 (human kernel) and 2.51 (agent kernel), ×100/N·N.
        Assert.InRange(humans, 270, 310);
        Assert.InRange(agents / humans, 0.80, 0.93);
    }
}
