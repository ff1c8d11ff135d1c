namespace Phantom.Training.Evaluation;

/// <summary>
/// One task of the web-bot data (humans against moderate or advanced bots): how many annotated sessions the logs
/// actually contain on each side of the official split, the test-split scores of detectors trained on its train split
/// and of the untrained live scores (NaN where the logs leave the test split with one class only), and the same
/// detectors under stratified k-fold cross-validation over every annotated session the logs contain (out-of-fold
/// predictions scored together), which is what can be measured when the official split cannot. The behaviour-only
/// scores repeat the cross-validation without <see cref="WebBotEvaluation.CollectionArtifactFeatures"/>: in these
/// logs every bot ran one browser build at one time of day, so user agent and clock alone separate the classes.
/// <see cref="PooledSiteKernelScore"/> is f(τ) on kernels estimated from the other folds' sessions of this site, where
/// <see cref="PooledKernelScore"/> uses the built-in reference kernels of the PHANTOM storefront.
/// </summary>
public sealed record WebBotTaskResult(
    string Task,
    int TrainHumans,
    int TrainBots,
    int TestHumans,
    int TestBots,
    int AnnotatedSessionsMissingFromLogs,
    HeldOutScores Gbt,
    HeldOutScores Logistic,
    HeldOutScores LiveDetector,
    HeldOutScores KernelScore,
    int PooledFolds,
    HeldOutScores PooledGbt,
    HeldOutScores PooledLogistic,
    HeldOutScores PooledLiveDetector,
    HeldOutScores PooledKernelScore,
    HeldOutScores PooledBehaviourGbt,
    HeldOutScores PooledBehaviourLogistic,
    HeldOutScores PooledSiteKernelScore);
