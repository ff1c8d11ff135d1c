namespace Phantom.Streams.Pricing;

/// <summary><c>phantom.pricing</c>: live pricing policies and the shield (PHANTOM-MODEL.md section 6).</summary>
public sealed class PricingOptions
{
    /// <summary>The policy serving prices: <c>static</c>, <c>surge</c>, <c>elasticity</c> or <c>session-aware</c>.</summary>
    public string Policy { get; set; } = "session-aware";

    /// <summary>How often the global price step recomputes every product's price from the product q̂ vector.</summary>
    public TimeSpan GlobalStepInterval { get; set; } = TimeSpan.FromSeconds(1);

    public SurgeOptions Surge { get; set; } = new();

    public ElasticityOptions Elasticity { get; set; } = new();

    public SessionAwareOptions SessionAware { get; set; } = new();

    public ShieldOptions Shield { get; set; } = new();

    /// <summary>Cost of information: the price floor p̲ (marginal cost) that COI is measured above.</summary>
    public double PriceFloor { get; set; } = 10.0;

    /// <summary>Value of the information an agent session extracts, in <c>coi_leakage</c> = f·info_value.</summary>
    public double InfoValue { get; set; } = 1.0;
}
