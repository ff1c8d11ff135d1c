using Phantom.Streams.Events;

namespace Phantom.Training.Simulation;

/// <summary>A sampled session kept for inspection when recording is switched on (tests and diagnostics only).</summary>
public sealed record RecordedTrajectory(bool IsAgent, EventName[] States, int[] Products, double AgentProbability);
