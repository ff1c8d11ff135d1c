using System.Text.Json;
using System.Text.Json.Serialization;

namespace Phantom.Training.Registry;

/// <summary>
/// The <c>model.json</c> of a model artifact: a directory a trainer writes (this manifest plus the files it lists) and
/// the registry stores by name and content hash. Everything needed to trust and reproduce the model travels with it:
/// the feature schema it expects, its metrics, the data range it saw, the seed, and a short model card.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "model.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    /// <summary>Registry name, e.g. <c>detector-gbt</c>; kebab-case.</summary>
    public required string Name { get; init; }

    public required ModelKind Kind { get; init; }

    /// <summary>How it was trained, e.g. <c>mle</c>, <c>gbt</c>, <c>logistic</c>, <c>multitask-mlp</c>, <c>ppo</c>, <c>qtable</c>.</summary>
    public required string Algorithm { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required long Seed { get; init; }

    /// <summary>Input features in order (session feature names for detectors; the observation layout for policies).</summary>
    public IReadOnlyList<string> FeatureSchema { get; init; } = [];

    /// <summary>Evaluation results, e.g. <c>roc_auc</c>, <c>pr_auc</c>, <c>mean_revenue</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>What it was trained on: a journal ordering range, a file, or generator seeds.</summary>
    public required string TrainingData { get; init; }

    /// <summary>Files of the artifact, relative to its directory (the manifest itself excluded).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>A short model card: intended use, data, caveats.</summary>
    public string Card { get; init; } = "";

    public static ModelManifest Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no {FileName} in model artifact directory '{directory}'", path);
        }

        return JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty");
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json) + "\n");
    }
}
