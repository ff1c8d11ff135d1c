namespace Phantom.Streams.Pricing;

/// <summary>
/// The live pricing policies by name. A policy's <see cref="IPricingPolicy.Id"/> is its index in <see cref="Names"/>,
/// so decisions carry a byte and the name is looked up only when a price is written out.
/// </summary>
public static class PolicyRegistry
{
    public const string Static = "static";
    public const string Surge = "surge";
    public const string Elasticity = "elasticity";
    public const string SessionAware = "session-aware";

    /// <summary>Known names; the index of a name is its policy id.</summary>
    public static IReadOnlyList<string> Names { get; } = [Static, Surge, Elasticity, SessionAware];

    /// <summary>Creates the policy <paramref name="name"/> configured by <paramref name="options"/>.</summary>
    /// <param name="productCapacity">Size of per-product state (the catalog's capacity).</param>
    /// <exception cref="ArgumentException">An unknown name; the message lists the known ones.</exception>
    public static IPricingPolicy Create(string name, PricingOptions options, int productCapacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        return name switch
        {
            Static => new StaticPricingPolicy(IdOf(Static)),
            Surge => new SurgePricingPolicy(IdOf(Surge), options.Surge),
            Elasticity => new ElasticityPricingPolicy(IdOf(Elasticity), options.Elasticity, productCapacity),
            SessionAware => new SessionAwarePricingPolicy(IdOf(SessionAware), options.SessionAware),
            _ => throw new ArgumentException(
                $"unknown pricing policy '{name}'; known policies: {string.Join(", ", Names)}", nameof(name)),
        };
    }

    /// <summary>The name of a policy id; <c>unknown</c> for an id no policy has.</summary>
    public static string NameOf(byte id) => id < Names.Count ? Names[id] : "unknown";

    private static byte IdOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return (byte)i;
            }
        }

        throw new ArgumentException($"unknown pricing policy '{name}'", nameof(name));
    }
}
