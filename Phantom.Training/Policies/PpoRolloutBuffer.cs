using Phantom.Training.Learning;

namespace Phantom.Training.Policies;

/// <summary>
/// One PPO rollout, preallocated once: the (normalised) observations as a matrix so updates gather mini-batches with
/// one copy per row, and per step the action, its log-probability under the collecting policy, the value estimate,
/// the (scaled) reward and whether the episode ended; GAE fills advantages and returns.
/// </summary>
public sealed class PpoRolloutBuffer
{
    public PpoRolloutBuffer(int steps, int observationSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        Observations = new Matrix(steps, observationSize);
        Actions = new int[steps];
        LogProbabilities = new float[steps];
        Values = new float[steps];
        Rewards = new float[steps];
        Dones = new bool[steps];
        Advantages = new float[steps];
        Returns = new float[steps];
    }

    public int Length => Actions.Length;

    public Matrix Observations { get; }

    public int[] Actions { get; }

    public float[] LogProbabilities { get; }

    public float[] Values { get; }

    public float[] Rewards { get; }

    public bool[] Dones { get; }

    public float[] Advantages { get; }

    public float[] Returns { get; }

    /// <summary>Fills advantages and returns by GAE (see <see cref="PpoMath.Gae"/>).</summary>
    public void ComputeAdvantages(double lastValue, double gamma, double lambda) =>
        PpoMath.Gae(Rewards, Values, Dones, lastValue, gamma, lambda, Advantages, Returns);
}
