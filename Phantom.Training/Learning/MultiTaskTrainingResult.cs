namespace Phantom.Training.Learning;

/// <summary>Per-epoch history and the epoch whose weights the network holds at the end.</summary>
public sealed record MultiTaskTrainingResult(IReadOnlyList<MultiTaskEpoch> History, int BestEpoch, bool StoppedEarly);
