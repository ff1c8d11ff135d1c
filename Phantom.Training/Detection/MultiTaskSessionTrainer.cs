using System.Text.Json;
using Phantom.Streams.Events;
using Phantom.Training.Evaluation;
using Phantom.Training.Learning;
using Phantom.Training.Registry;
using Phantom.Streams.Configuration;
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

    /// <summary>Replays <paramref name="source"/> (snapshotting at <see cref="PurchaseSession.DecisionEvent"/>) into purchase sessions.</summary>
    public static List<PurchaseSession> Sessions(IReplaySource source, PhantomOptions options, ReplayOptions? replay = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sessions = new List<PurchaseSession>();
        new SessionReplayer(options, (replay ?? new ReplayOptions()) with { SnapshotAfterFirst = PurchaseSession.DecisionEvent })
            .Run(source, s => sessions.Add(PurchaseSession.From(s)));
        return sessions;
    }

    public static MultiTaskSessionResult Train(IReadOnlyList<PurchaseSession> sessions, MultiTaskSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(options);
        var labelled = sessions.Where(s => s.Label != GroundTruth.Unknown).ToList();
        var agentLabels = labelled.Select(s => s.Label == GroundTruth.Agent ? 1f : 0f).ToArray();
        var agents = agentLabels.Count(l => l == 1f);
        if (agents == 0 || agents == labelled.Count)
        {
            throw new InvalidDataException($"multi-task training needs labelled humans and agents; got {agents} agents of {labelled.Count} labelled sessions");
        }

        var (trainAt, testAt) = StratifiedHoldout.Split(agentLabels, options.TestFraction, options.Seed);
        var trainSessions = trainAt.Select(i => labelled[i]).ToList();
        var testSessions = testAt.Select(i => labelled[i]).ToList();
        var rows = PurchaseRows.Fit(trainSessions);
        var train = rows.Build(trainSessions);
        var test = rows.Build(testSessions);

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
        var carted = Enumerable.Range(0, test.Count).Where(i => test.PurchaseMask![i] > 0).ToArray();
        var purchaseLabels = carted.Select(i => test.PurchaseLabels[i]).ToArray();
        var purchaseAuc = ClassificationMetrics.RocAuc(carted.Select(i => purchaseScores[i]).ToArray(), purchaseLabels);
        return new MultiTaskSessionResult(network, rows, training,
            ClassificationMetrics.RocAuc(agentScores, test.AgentLabels), purchaseAuc,
            train.Count, test.Count, carted.Length, (int)purchaseLabels.Sum());
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
            ["snapshot"] = "features right after the first add_item_to_cart, else at the session end",
            ["price_input"] = "avg_price_seen / reference_price (0 when no price was seen)",
            ["purchase_label"] = "purchases > 0 at the session end; only sessions that carted (others masked out of the purchase loss)",
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
                + "Rows: the session's features right after its first add_item_to_cart (else at its end), minus purchases and "
                + "conversion_rate, standardised (preprocessing.json); price = avg_price_seen / reference_price; purchase label "
                + "= bought later, for carted sessions only. On generated traffic buying is a kernel coin flip that ignores "
                + "price, so the purchase head can only learn who is likelier to buy; see docs/evaluation.md.",
        };
        manifest.Save(directory);
        return manifest;
    }

    private static double[] ToDouble(float[] values) => values.Select(v => (double)v).ToArray();
}
