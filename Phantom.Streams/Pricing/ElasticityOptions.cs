namespace Phantom.Streams.Pricing;

/// <summary><c>phantom.pricing.elasticity</c>: p = base·(1 + sensitivity·|ε|·(q − q̄)/(q̄ + 1e-6)).</summary>
public sealed class ElasticityOptions
{
    public double Sensitivity { get; set; } = 0.1;

    /// <summary>|ε| used for a product until enough (price, demand) pairs give a log-log slope.</summary>
    public double DefaultElasticity { get; set; } = 1.0;

    /// <summary>Observations per product before its own slope replaces the default.</summary>
    public int MinObservations { get; set; } = 20;
}
