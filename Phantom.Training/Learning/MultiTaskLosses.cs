namespace Phantom.Training.Learning;

/// <summary>Mean agent and purchase BCE of a network on a dataset (purchase loss over unmasked rows).</summary>
public readonly record struct MultiTaskLosses(double Agent, double Purchase)
{
    public double Total(double alpha, double beta) => (alpha * Agent) + (beta * Purchase);
}
