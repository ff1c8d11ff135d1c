namespace Phantom.Streams.Models;

/// <summary>
/// The artifact file contract: which file of an artifact directory the live loaders read for each kind. Trainers
/// write these names (and list them in <c>model.json</c>'s <c>files</c>); the loaders never guess others.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>kernels</c>: <see cref="Kernels"/>, a JSON object <c>{"human": rows, "agent": rows}</c> where rows has the
/// shape of <c>phantom.agent.kernels.human</c>: source state name to next-state name to probability (or count; rows
/// are normalised). Unknown state names, negative or non-finite entries are refused.</item>
/// <item><c>detector</c>: exactly one of <see cref="DetectorTrees"/> (the <c>PHGB1</c> binary of
/// <c>GradientBoostedTrees.Save</c>) or <see cref="DetectorLogistic"/> (the <c>PHLR1</c> binary of
/// <c>LogisticRegression.Save</c>). The manifest's <c>feature_schema</c> names the model's inputs in order, each a
/// name of <c>SessionFeatures.FeatureNames</c>; the model's feature count must equal the schema's length.</item>
/// <item><c>policy</c>: <see cref="Policy"/>, a JSON object of parameters read by the loader registered for the
/// manifest's <c>algorithm</c> (Training's <c>PolicyLoaders</c>); trained policies add their own weight files.</item>
/// </list>
/// </remarks>
public static class ArtifactFiles
{
    /// <summary>The manifest every artifact has.</summary>
    public const string Manifest = "model.json";

    /// <summary>Kernel set: human and agent rows.</summary>
    public const string Kernels = "kernels.json";

    /// <summary>Gradient-boosted trees detector (PHGB1).</summary>
    public const string DetectorTrees = "detector.phgb";

    /// <summary>Logistic-regression detector (PHLR1).</summary>
    public const string DetectorLogistic = "detector-logistic.bin";

    /// <summary>Policy parameters.</summary>
    public const string Policy = "policy.json";
}
