namespace Phantom.Training.Simulation;

/// <summary>How the robust market picks its worst α each step.</summary>
public enum RobustAdversary
{
    /// <summary>By the reward each grid α gives on this step's sampled sessions (section 5).</summary>
    Sampled,

    /// <summary>
    /// By the original's closed-form proxy (engine/jax/robust.py, used by its robust step whenever JAX was installed):
    /// class demands mixed by α, α as the agent probability. At prices where every class demand is zero it picks the
    /// top of the grid.
    /// </summary>
    Proxy,
}
