using System.Text.Json;
using Phantom.Streams.Agents;

namespace Phantom.Streams.Models;

/// <summary>
/// A promoted pair of reference kernels read from an artifact's <see cref="ArtifactFiles.Kernels"/>: the JSON object
/// <c>{"human": rows, "agent": rows}</c>, rows shaped as <c>phantom.agent.kernels.human</c>.
/// </summary>
public sealed record KernelSet(TransitionKernel Human, TransitionKernel Agent)
{
    /// <summary>Loads and validates the kernels of a <c>kernels</c> artifact.</summary>
    /// <param name="artifact">The artifact (already hash-verified by the caller).</param>
    /// <param name="epsilon">ε inside ln(q + ε) (<c>phantom.agent.epsilon</c>).</param>
    /// <exception cref="ModelLoadException">The file is missing, malformed, lacks a kernel or has a bad row.</exception>
    public static KernelSet Load(ModelArtifact artifact, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var where = $"kernels artifact {artifact.Name} ({artifact.PathOf(ArtifactFiles.Kernels)})";
        if (!artifact.Has(ArtifactFiles.Kernels))
        {
            throw new ModelLoadException($"{where}: the artifact does not list {ArtifactFiles.Kernels}");
        }

        Dictionary<string, Dictionary<string, Dictionary<string, double>>>? kernels;
        try
        {
            kernels = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, Dictionary<string, double>>>>(
                File.ReadAllText(artifact.PathOf(ArtifactFiles.Kernels)));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new ModelLoadException($"{where}: {e.Message}", e);
        }

        if (kernels is null)
        {
            throw new ModelLoadException($"{where}: the file is empty");
        }

        return new KernelSet(Kernel(kernels, "human", epsilon, where), Kernel(kernels, "agent", epsilon, where));
    }

    private static TransitionKernel Kernel(
        Dictionary<string, Dictionary<string, Dictionary<string, double>>> kernels, string name, double epsilon, string where)
    {
        if (!kernels.TryGetValue(name, out var rows) || rows is null)
        {
            throw new ModelLoadException($"{where}: no '{name}' kernel");
        }

        // A kernel without any mass would send every state to session_end: surely a broken export, not a model.
        if (!rows.Values.Any(row => row is not null && row.Values.Any(p => p > 0)))
        {
            throw new ModelLoadException($"{where}: the '{name}' kernel has no transition with positive probability");
        }

        try
        {
            return TransitionKernel.FromRows(name, rows, epsilon);
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException($"{where}: {e.Message}", e);
        }
    }
}
