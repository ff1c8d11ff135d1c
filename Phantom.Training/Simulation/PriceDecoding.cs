namespace Phantom.Training.Simulation;

/// <summary>How a discrete price scale becomes the next price vector (PHANTOM-MODEL.md section 5).</summary>
public enum PriceDecoding
{
    /// <summary>p_t = clip(p_{t−1}·s, min, max).</summary>
    Multiplicative,

    /// <summary>p_t = clip((1 − w)·p_{t−1} + w·anchor·s, min, min(max, cap·anchor)).</summary>
    Anchored,
}
