namespace Phantom.Training.Evaluation;

/// <summary>The web-bot evaluation: what was read from the logs and the result of each task.</summary>
public sealed record WebBotEvaluationResult(long LogLines, long Events, long SessionsReplayed, long RequestsLeftOut, IReadOnlyList<WebBotTaskResult> Tasks);
