using System.Diagnostics;

namespace Phantom.Training.Simulation;

/// <summary>Measures simulator throughput (steps per second) for <c>phantom bench train</c>.</summary>
public static class SimulatorSpeed
{
    /// <summary>
    /// Runs <paramref name="steps"/> steps with a fixed action cycle (resetting when an episode ends) after a warm-up of
    /// <paramref name="warmupSteps"/> steps, single-threaded, and reports the measured rate.
    /// </summary>
    public static SimulatorSpeedResult Measure(SimulatorOptions options, int steps, long seed, int warmupSteps = 2_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var simulator = new MarketSimulator(options);
        var episodeSeed = seed;
        simulator.Reset(episodeSeed);
        Run(simulator, warmupSteps, ref episodeSeed);
        var watch = Stopwatch.StartNew();
        var checksum = Run(simulator, steps, ref episodeSeed);
        watch.Stop();
        var seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
        return new SimulatorSpeedResult(steps, watch.Elapsed, steps / seconds, simulator.AlphaGrid.Length, checksum);
    }

    private static double Run(MarketSimulator simulator, int steps, ref long episodeSeed)
    {
        var checksum = 0.0;
        var actions = simulator.ActionCount;
        for (var i = 0; i < steps; i++)
        {
            // Cycle around the neutral scale so prices wander but stay off the bounds most of the time.
            var action = ((i * 7) + (actions / 2)) % actions;
            var result = simulator.Step(action);
            checksum += result.Reward;
            if (result.Done)
            {
                simulator.Reset(++episodeSeed);
            }
        }

        return checksum;
    }
}
