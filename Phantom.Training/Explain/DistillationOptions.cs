namespace Phantom.Training.Explain;

/// <summary>How a policy is distilled into a tree (<see cref="PolicyDistiller"/>).</summary>
public sealed record DistillationOptions
{
    /// <summary>Observations drawn in all (training plus held-out).</summary>
    public int Samples { get; init; } = 20_000;

    /// <summary>Share of the samples held out to measure fidelity.</summary>
    public double HeldOutShare { get; init; } = 0.25;

    /// <summary>The tree's growth limits (depth 5 by default).</summary>
    public CartOptions Tree { get; init; } = new();

    public long Seed { get; init; } = 1;

    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Samples, 20);
        if (!(HeldOutShare is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HeldOutShare), HeldOutShare, "must be in (0, 1)");
        }

        Tree.Validate();
    }
}
