using System.Diagnostics;
using Phantom.Streams.Sessions;
using Phantom.Training.Data;
using Phantom.Training.Evaluation;
using Phantom.Training.Linear;
using Phantom.Training.Registry;
using Phantom.Training.Trees;

namespace Phantom.Training.Detection;

/// <summary>
/// Trains a session detector (P(agent) from <see cref="SessionFeatures"/>) with the existing learners and reports
/// ROC-AUC, PR-AUC and calibration on sessions it did not see; writes it as a model artifact.
/// </summary>
public static class DetectorTrainer
{
    /// <summary>Fits on <paramref name="train"/> and reports on <paramref name="test"/>.</summary>
    public static DetectorTrainingResult Train(LabeledDataset train, LabeledDataset test, DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        RequireBothClasses(train, "training");
        var clock = Stopwatch.StartNew();
        ISessionClassifier classifier = options.Algorithm switch
        {
            DetectorAlgorithm.Gbt => new BoostedTreesClassifier(GradientBoostingTrainer.Fit(train.Features, train.Labels, options.Trees with { Seed = options.Seed })),
            DetectorAlgorithm.Logistic => new LogisticClassifier(LogisticRegression.Fit(train.Features, train.Labels, options.Logistic)),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Algorithm, "unknown detector algorithm"),
        };
        clock.Stop();
        var report = BinaryClassificationReport.Compute(classifier.PredictProbabilities(test.Features), test.Labels, options.CalibrationBins);
        return new DetectorTrainingResult(classifier, report, train.Count, test.Count, clock.Elapsed);
    }

    /// <summary>Holds out <see cref="DetectorOptions.TestFraction"/> of <paramref name="data"/> (stratified), fits on the rest.</summary>
    public static DetectorTrainingResult Train(LabeledDataset data, DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        RequireBothClasses(data, "labelled");
        var (train, test) = StratifiedHoldout.Split(data.Labels, options.TestFraction, options.Seed);
        return Train(data.Subset(train), data.Subset(test), options);
    }

    /// <summary>Writes the weights and <c>model.json</c> (feature schema = <see cref="SessionFeatures.FeatureNames"/>).</summary>
    public static ModelManifest WriteArtifact(DetectorTrainingResult result, string directory, string trainingData, long seed)
    {
        ArgumentNullException.ThrowIfNull(result);
        var files = result.Classifier.Save(directory);
        var manifest = new ModelManifest
        {
            Name = "detector-" + result.Classifier.Algorithm,
            Kind = ModelKind.Detector,
            Algorithm = result.Classifier.Algorithm,
            Created = DateTimeOffset.UtcNow,
            Seed = seed,
            FeatureSchema = SessionFeatures.FeatureNames,
            Metrics = result.Metrics(),
            TrainingData = trainingData,
            Files = files,
            Card = "P(agent) for a finished session from its live features (SessionEntity.Snapshot, columns in feature_schema "
                + "order). Metrics are on a stratified held-out split of the same source; sessions from other traffic "
                + "(other seeds, real logs) can score lower, see docs/evaluation.md. Probabilities are the learner's own, "
                + "not recalibrated.",
        };
        manifest.Save(directory);
        return manifest;
    }

    private static void RequireBothClasses(LabeledDataset data, string what)
    {
        var agents = data.Labels.Count(l => l == 1f);
        if (agents == 0 || agents == data.Count)
        {
            throw new InvalidDataException($"the {what} sessions need both humans and agents; got {agents} agents of {data.Count}");
        }
    }
}
