using Phantom.Training.Simulation;

namespace Phantom.Training.Policies;

/// <summary>
/// Tier names to factories. <see cref="CreateDefault"/> knows the non-neural tiers; learners that live elsewhere (PPO)
/// register themselves with <see cref="Register"/> so the benchmark and CLI accept their names.
/// </summary>
public sealed class PricingTierRegistry
{
    private readonly List<(string Name, Func<SimulatorOptions, IPricingAgent> Factory)> _tiers = [];

    /// <summary>static, surge, linear, qtable and ppo (with section 6 defaults).</summary>
    public static PricingTierRegistry CreateDefault()
    {
        var registry = new PricingTierRegistry();
        registry.Register("static", o => new StaticPolicy(o));
        registry.Register("surge", o => new SurgePolicy(o));
        registry.Register("linear", o => new LinearPolicy(o));
        registry.Register("qtable", o => new QTablePolicy(o));
        registry.Register("ppo", o => new PpoAgent(o));
        return registry;
    }

    /// <summary>Registered names in registration order.</summary>
    public IReadOnlyList<string> Names => _tiers.Select(t => t.Name).ToArray();

    /// <summary>Adds a tier or replaces the one of the same name (case-insensitive).</summary>
    public void Register(string name, Func<SimulatorOptions, IPricingAgent> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        var index = IndexOf(name);
        if (index >= 0)
        {
            _tiers[index] = (name, factory);
        }
        else
        {
            _tiers.Add((name, factory));
        }
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>A fresh, untrained tier for a simulator configured by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The name is not registered; the message lists the supported tiers.</exception>
    public IPricingAgent Create(string name, SimulatorOptions options)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            throw new ArgumentException(UnsupportedMessage(name));
        }

        return _tiers[index].Factory(options);
    }

    /// <summary>Throws <see cref="ArgumentException"/> for the first unknown name, listing the supported tiers.</summary>
    public void RequireAll(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!Contains(name))
            {
                throw new ArgumentException(UnsupportedMessage(name));
            }
        }
    }

    private string UnsupportedMessage(string name) =>
        $"unsupported pricing tier '{name}'; supported tiers: {string.Join(", ", Names)}";

    private int IndexOf(string name) => _tiers.FindIndex(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
