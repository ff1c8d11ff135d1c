namespace Phantom.Training.Trees;

/// <summary>
/// One timed fit: wall seconds and process CPU seconds (CPU time shows the cost when the machine is shared and wall
/// time mostly measures waiting), plus the training log-loss as a sanity check that the model learned.
/// </summary>
public sealed record GradientBoostingBenchmarkResult(int Rows, int Features, int Rounds, int MaxDepth, int ProcessorCount, double GenerateSeconds, double FitSeconds, double FitCpuSeconds, double TrainLogLoss);
