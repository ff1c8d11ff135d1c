namespace Phantom.Streams.Generation;

/// <summary>How one class of session (human or agent) behaves in the traffic generator.</summary>
public sealed class GeneratorClassOptions
{
    /// <summary>Mean of the valuation v ~ N(μ, σ) that sets how much a session wants a product.</summary>
    public double ValuationMean { get; set; }

    public double ValuationStd { get; set; }

    /// <summary>Median gap between two events; gaps are log-normal around it.</summary>
    public TimeSpan GapMedian { get; set; }

    /// <summary>σ of the log-normal gap (larger is more irregular, as humans are).</summary>
    public double GapSpread { get; set; }

    /// <summary>Chance that a step on a product page is followed by a hover event.</summary>
    public double HoverRate { get; set; }

    /// <summary>Share of sessions of this class with a headless user agent.</summary>
    public double HeadlessShare { get; set; }

    /// <summary>Share of sessions of this class with an automation marker in the user agent.</summary>
    public double AutomationShare { get; set; }
}
