namespace Phantom.Streams.Models;

/// <summary>
/// The live side of promotion: reads a registry's promoted pointers for the served kinds and loads their artifacts,
/// checking each against its content hash and the kind it is promoted as before anything is built from it.
/// </summary>
public sealed class PromotedModels
{
    public PromotedModels(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The registry directory.</summary>
    public string Root { get; }

    /// <summary>The current promotions (cheap: two small files; missing ones mean nothing promoted).</summary>
    /// <exception cref="ModelLoadException">A pointer file is malformed.</exception>
    public PromotedState ReadState() =>
        new(PromotionPointer.Read(Root, ModelKinds.Kernels).Current, PromotionPointer.Read(Root, ModelKinds.Detector).Current);

    /// <summary>Loads, verifies and validates the artifacts of <paramref name="state"/>.</summary>
    /// <param name="state">What to load.</param>
    /// <param name="epsilon">ε of the kernels' logarithms (<c>phantom.agent.epsilon</c>).</param>
    /// <exception cref="ModelLoadException">An artifact is missing, corrupted, of another kind, or fails to load.</exception>
    public LoadedModels Load(PromotedState state, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(state);
        var kernels = state.Kernels is { } k ? KernelSet.Load(Open(k, ModelKinds.Kernels), epsilon) : null;
        var detector = state.Detector is { } d ? DetectorLoader.Load(Open(d, ModelKinds.Detector)) : null;
        return new LoadedModels(state, kernels, detector);
    }

    /// <summary>Opens the artifact a promotion names and checks it is intact and of <paramref name="kind"/>.</summary>
    /// <exception cref="ModelLoadException">Missing, of another name or kind, or its content no longer matches its hash.</exception>
    public ModelArtifact Open(PromotionRecord record, string kind)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!ArtifactHash.IsHex(record.Hash) || record.Name.Contains('/') || record.Name.Contains('\\') || record.Name.Contains(".."))
        {
            throw new ModelLoadException($"promoted {kind} pointer names an invalid artifact '{record.Name}@{record.Hash}'");
        }

        var directory = RegistryLayout.Artifact(Root, record.Name, record.Hash);
        if (!Directory.Exists(directory))
        {
            throw new ModelLoadException($"promoted {kind} artifact {record.Reference} is missing from the registry ('{directory}')");
        }

        var artifact = ModelArtifact.Open(directory);
        if (artifact.Kind != kind)
        {
            throw new ModelLoadException($"artifact {record.Reference} is a {artifact.Kind} model; it cannot serve as {kind}");
        }

        if (artifact.Name != record.Name)
        {
            throw new ModelLoadException($"artifact {record.Reference}: its manifest names it '{artifact.Name}'");
        }

        artifact.Verify(record.Hash);
        return artifact;
    }
}
