using System.Text.Json;
using Phantom.Streams.Events;
using Phantom.Training.Evaluation;
using Phantom.Training.Learning;
using Phantom.Training.Registry;
using Phantom.Training.Replay;

namespace Phantom.Training.Detection;

/// <summary>
/// Trains the multi-task network (shared encoder; heads P(agent) and P(purchase | price); loss
/// α·BCE(agent) + β·BCE(purchase), Adam) on replayed sessions, rows as <see cref="PurchaseRows"/> defines them, and
/// reports both heads' ROC-AUC on held-out sessions.
/// </summary>
public static class MultiTaskSessionTrainer
{
    public const string WeightsFile = "multitask.weights";
    public const string PreprocessingFile = "preprocessing.json";

    public static MultiTaskSessionResult Train(SessionDataset data, MultiTaskSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var labelled = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] != GroundTruth.Unknown).ToArray();
        var agentLabels = labelled.Select(i => data.Labels[i] == GroundTruth.Agent ? 1f : 0f).ToArray();
        var agents = agentLabels.Count(l => l == 1f);
        if (agents == 0 || agents == labelled.Length)
        {
            throw new InvalidDataException($"multi-task training needs labelled humans and agents; got {agents} agents of {labelled.Length} labelled sessions");
        }

        var (trainAt, testAt) = StratifiedHoldout.Split(agentLabels, options.TestFraction, options.Seed);
        var trainRows = trainAt.Select(i => labelled[i]).ToArray();
        var testRows = testAt.Select(i => labelled[i]).ToArray();
        var rows = PurchaseRows.Fit(data, trainRows);
        var train = rows.Build(data, trainRows);
        var test = rows.Build(data, testRows);

        var network = new MultiTaskNetwork(new MultiTaskNetworkOptions
        {
            InputSize = PurchaseRows.InputFeatures.Count,
            EncoderHiddenSizes = options.EncoderHiddenSizes,
            Seed = options.Seed,
        });
        var training = MultiTaskTrainer.Fit(network, train, new MultiTaskTrainerOptions
        {
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            AgentLossWeight = options.AgentLossWeight,
            PurchaseLossWeight = options.PurchaseLossWeight,
            Adam = new AdamOptions { LearningRate = options.LearningRate, MaxGradientNorm = 5.0 },
            Seed = options.Seed,
            ValidationFraction = options.ValidationFraction,
            EarlyStoppingPatience = options.ValidationFraction > 0 ? options.EarlyStoppingPatience : null,
            EpochCompleted = options.EpochCompleted,
        });

        var agentScores = ToDouble(network.PredictAgentProbabilities(test.Features));
        var purchaseScores = ToDouble(network.PredictPurchaseProbabilities(test.Features, test.Prices));
        var priced = Enumerable.Range(0, test.Count).Where(i => test.PurchaseMask![i] > 0).ToArray();
        var purchaseLabels = priced.Select(i => test.PurchaseLabels[i]).ToArray();
        var purchaseAuc = ClassificationMetrics.RocAuc(priced.Select(i => purchaseScores[i]).ToArray(), purchaseLabels);
        return new MultiTaskSessionResult(network, rows, training,
            ClassificationMetrics.RocAuc(agentScores, test.AgentLabels), purchaseAuc,
            train.Count, test.Count, priced.Length, (int)purchaseLabels.Sum());
    }

    /// <summary>Writes the weights, the input preparation and <c>model.json</c>.</summary>
    public static ModelManifest WriteArtifact(MultiTaskSessionResult result, MultiTaskSessionOptions options, string directory, string trainingData)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(directory);
        result.Network.Save(Path.Combine(directory, WeightsFile));
        var preprocessing = new Dictionary<string, object>
        {
            ["input_features"] = PurchaseRows.InputFeatures,
            ["means"] = result.Rows.Scaler.Means,
            ["standard_deviations"] = result.Rows.Scaler.StandardDeviations,
            ["reference_price"] = result.Rows.ReferencePrice,
            ["price_input"] = "avg_price_seen / reference_price (0 when no price was seen)",
            ["purchase_label"] = "purchases > 0; sessions without a price seen are masked out of the purchase loss",
            ["encoder_hidden_sizes"] = options.EncoderHiddenSizes,
            ["agent_loss_weight"] = options.AgentLossWeight,
            ["purchase_loss_weight"] = options.PurchaseLossWeight,
        };
        File.WriteAllText(Path.Combine(directory, PreprocessingFile), JsonSerializer.Serialize(preprocessing, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var manifest = new ModelManifest
        {
            Name = "multitask-mlp",
            Kind = ModelKind.MultiTask,
            Algorithm = "multitask-mlp",
            Created = DateTimeOffset.UtcNow,
            Seed = options.Seed,
            FeatureSchema = PurchaseRows.InputFeatures,
            Metrics = result.Metrics(),
            TrainingData = trainingData,
            Files = [WeightsFile, PreprocessingFile],
            Card = "Shared session encoder with heads P(agent) and P(purchase | price), trained on α·BCE(agent) + β·BCE(purchase). "
                + "Inputs: the session features minus purchases and conversion_rate (they contain the purchase label), "
                + "standardised (preprocessing.json); price = avg_price_seen / reference_price. On generated traffic the "
                + "purchase signal is the generator's own kernel, not real buying; see docs/evaluation.md.",
        };
        manifest.Save(directory);
        return manifest;
    }

    private static double[] ToDouble(float[] values) => values.Select(v => (double)v).ToArray();
}
