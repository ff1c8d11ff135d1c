using System.Text.Json;
using Phantom.Streams.Models;
using Phantom.Training.Policies;
using Phantom.Training.Registry;
using Phantom.Training.Simulation;

namespace Phantom.Training.Explain;

/// <summary>
/// Turns a <c>policy</c> artifact back into an <see cref="IPricingAgent"/>, by the manifest's <c>algorithm</c>.
/// Built in: <c>static</c> and <c>surge</c> (parameters in <see cref="ArtifactFiles.Policy"/>: <c>high</c>,
/// <c>low</c>, <c>up</c>, <c>down</c>, all optional). Trained tiers (PPO, Q-table) register their loaders here.
/// </summary>
public sealed class PolicyLoaders
{
    private readonly Dictionary<string, Func<RegistryEntry, SimulatorOptions, IPricingAgent>> _loaders = new(StringComparer.Ordinal);

    /// <summary>The built-in loaders.</summary>
    public static PolicyLoaders CreateDefault() => new PolicyLoaders()
        .Register("static", (_, options) => new StaticPolicy(options))
        .Register("surge", LoadSurge)
        .Register("ppo", LoadPpo)
        .Register("qtable", LoadQTable);

    public IReadOnlyList<string> Algorithms => _loaders.Keys.Order(StringComparer.Ordinal).ToArray();

    public PolicyLoaders Register(string algorithm, Func<RegistryEntry, SimulatorOptions, IPricingAgent> loader)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        _loaders[algorithm] = loader ?? throw new ArgumentNullException(nameof(loader));
        return this;
    }

    /// <exception cref="ModelRegistryException">Not a policy, or no loader for its algorithm.</exception>
    public IPricingAgent Load(RegistryEntry entry, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind != ModelKind.Policy)
        {
            throw new ModelRegistryException($"{entry.Reference} is a {entry.Kind.ToWire()} model, not a policy");
        }

        return _loaders.TryGetValue(entry.Manifest.Algorithm, out var loader)
            ? loader(entry, options)
            : throw new ModelRegistryException(
                $"{entry.Reference}: no loader for policy algorithm '{entry.Manifest.Algorithm}'; known: {string.Join(", ", Algorithms)}");
    }

    private static SurgePolicy LoadSurge(RegistryEntry entry, SimulatorOptions options)
    {
        var path = Path.Combine(entry.Directory, ArtifactFiles.Policy);
        if (!File.Exists(path))
        {
            return new SurgePolicy(options);
        }

        try
        {
            var p = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(path)) ?? [];
            return new SurgePolicy(options, p.GetValueOrDefault("high", 60), p.GetValueOrDefault("low", 30), p.GetValueOrDefault("up", 1.10), p.GetValueOrDefault("down", 0.90));
        }
        catch (JsonException e)
        {
            throw new ModelRegistryException($"{entry.Reference}: {ArtifactFiles.Policy} is malformed: {e.Message}", e);
        }
    }

    private static PpoAgent LoadPpo(RegistryEntry entry, SimulatorOptions options)
    {
        var agent = new PpoAgent(options);
        agent.Load(Path.Combine(entry.Directory, PpoAgent.ArtifactFile));
        return agent;
    }

    private static QTablePolicy LoadQTable(RegistryEntry entry, SimulatorOptions options)
    {
        var table = new QTablePolicy(options);
        table.Load(Path.Combine(entry.Directory, QTablePolicy.ArtifactFile));
        return table;
    }
}
