namespace Phantom.Training.Evaluation;

/// <summary>What <c>phantom evaluate</c> measured; a part that was skipped (or whose data is absent) is null, with the reason in <see cref="Skipped"/>.</summary>
public sealed record EvaluationReport(
    GeneratedDetectionResult? GeneratedDetection,
    WebBotEvaluationResult? WebBots,
    PurchaseEvaluationResult? OnlineShoppers,
    IReadOnlyDictionary<string, string> Skipped,
    double ElapsedSeconds);
