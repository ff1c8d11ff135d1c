namespace Phantom.Training.Simulation;

/// <summary>A throughput measurement: steps timed, wall time, steps per second, robust grid size K, and a reward checksum.</summary>
public sealed record SimulatorSpeedResult(int Steps, TimeSpan Elapsed, double StepsPerSecond, int GridPoints, double RewardChecksum);
