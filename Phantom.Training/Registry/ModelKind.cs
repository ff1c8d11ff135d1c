namespace Phantom.Training.Registry;

/// <summary>What a model artifact serves in the live path.</summary>
public enum ModelKind
{
    /// <summary>Human and agent transition kernels for f(τ).</summary>
    Kernels,

    /// <summary>A session classifier (P(agent) from session features).</summary>
    Detector,

    /// <summary>The shared-encoder network with agent and purchase heads.</summary>
    MultiTask,

    /// <summary>A pricing policy trained on the market simulator.</summary>
    Policy,
}
