using Phantom.Streams.Agents;

namespace Phantom.Training.Detection;

/// <summary>Trained kernels and what they were estimated from.</summary>
public sealed record KernelTrainingResult(
    TransitionKernel Human,
    TransitionKernel Agent,
    long HumanSessions,
    long AgentSessions,
    long IgnoredSessions,
    long HumanTransitions,
    long AgentTransitions,
    Dictionary<string, Dictionary<string, Dictionary<string, double>>> Rows);
