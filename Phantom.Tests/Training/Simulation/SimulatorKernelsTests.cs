using Phantom.Streams.Agents;
using Phantom.Streams.Demand;
using Phantom.Streams.Events;
using Phantom.Streams.Models;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

/// <summary><see cref="SimulatorOptions.WithKernels"/>: the market's sessions follow the given kernels, and f(τ) scores against them.</summary>
public class SimulatorKernelsTests
{
    private static SimulatorOptions AllHumans() => new() { Mode = SimulatorMode.Baseline, Alpha = 0.0, NormalizeObservedDemand = false };

    private static List<double[]> Observations(SimulatorOptions options, int steps = 20)
    {
        var simulator = new MarketSimulator(options);
        simulator.Reset(3);
        var seen = new List<double[]>();
        for (var t = 0; t < steps && !simulator.IsDone; t++)
        {
            simulator.Step(4);
            seen.Add(simulator.Observation.ToArray());
        }

        return seen;
    }

    [Fact]
    public void WithKernels_TheReferenceKernels_SameMarketAsTheDefault()
    {
        var agent = new AgentOptions();
        var explicitReference = AllHumans().WithKernels(new KernelSet(agent.HumanKernel(), agent.AgentKernel()), "explicit reference");

        Assert.Null(AllHumans().Kernels);
        Assert.Equal(Observations(AllHumans()), Observations(explicitReference));
    }

    [Fact]
    public void WithKernels_HumansWhoLeaveAtOnce_CarryOnlyTheirFirstEventsDemand()
    {
        var agent = new AgentOptions();
        var leaveAtOnce = TransitionKernel.FromRows("human", new Dictionary<string, Dictionary<string, double>>(), agent.Epsilon); // every row to session_end
        var options = AllHumans().WithKernels(new KernelSet(leaveAtOnce, agent.AgentKernel()), "leave at once");

        double MeanMass(SimulatorOptions o) => Observations(o).Average(obs => SimulatorObservation.Demand(obs).ToArray().Sum());

        // Each of the 100 sessions emits its first state, drawn uniformly, and nothing more: 100 × the mean weight of a
        // state (session_end weighs nothing), against the reference human's ~2.9 weighted events per session.
        var demand = new DemandOptions();
        var meanWeight = Enumerable.Range(0, EventNames.StateCount).Select(s => (EventName)s)
            .Average(n => n == EventName.SessionEnd ? 0 : demand.Weights.GetValueOrDefault(n.ToWire(), demand.DefaultWeight));
        Assert.InRange(MeanMass(options), (100 * meanWeight) - 10, (100 * meanWeight) + 10);
        Assert.InRange(MeanMass(AllHumans()), 270, 310);
    }

    [Fact]
    public void Clone_KeepsTheKernels()
    {
        var agent = new AgentOptions();
        var kernels = new KernelSet(agent.AgentKernel(), agent.HumanKernel());

        var copy = new SimulatorOptions().WithKernels(kernels, "swapped").With(SimulatorMode.Robust, 0.5);

        Assert.Same(kernels, copy.Kernels);
        Assert.Equal("swapped", copy.KernelsOrigin);
        Assert.Equal("reference", new SimulatorOptions().KernelsOrigin);
    }
}
