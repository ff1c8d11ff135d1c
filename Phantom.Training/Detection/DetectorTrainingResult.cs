using Phantom.Training.Evaluation;

namespace Phantom.Training.Detection;

/// <summary>A trained detector and its held-out report.</summary>
public sealed record DetectorTrainingResult(ISessionClassifier Classifier, BinaryClassificationReport Test, int TrainSessions, int TestSessions, TimeSpan TrainingTime)
{
    /// <summary>The manifest metrics: ROC-AUC, PR-AUC (average precision), log-loss, calibration errors, sizes.</summary>
    public Dictionary<string, double> Metrics() => new()
    {
        ["roc_auc"] = Test.RocAuc,
        ["pr_auc"] = Test.AveragePrecision,
        ["log_loss"] = Test.LogLoss,
        ["expected_calibration_error"] = Test.Calibration.ExpectedCalibrationError,
        ["maximum_calibration_error"] = Test.Calibration.MaximumCalibrationError,
        ["train_sessions"] = TrainSessions,
        ["test_sessions"] = TestSessions,
        ["test_agents"] = Test.Positives,
    };
}
