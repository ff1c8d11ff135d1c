namespace Phantom.Training.Evaluation;

/// <summary>Purchase prediction on UCI online shoppers, k-fold cross-validated: per-fold and mean ROC-AUC per learner.</summary>
public sealed record PurchaseEvaluationResult(
    int Sessions,
    int Purchases,
    int Folds,
    double GbtRocAucMean,
    double GbtRocAucStd,
    IReadOnlyList<double> GbtRocAucFolds,
    double GbtPrAucMean,
    double LogisticRocAucMean,
    double LogisticRocAucStd,
    IReadOnlyList<double> LogisticRocAucFolds);
