namespace Phantom.Streams.Journal;

/// <summary>What <see cref="JournalBenchmark.RunAsync"/> measured.</summary>
/// <param name="Events">Events appended (and then replayed).</param>
/// <param name="BatchSize">Events per append transaction.</param>
/// <param name="PayloadBytes">Payload size of every event.</param>
/// <param name="AppendSeconds">Wall time of all appends.</param>
/// <param name="AppendEventsPerSecond">Events / append seconds.</param>
/// <param name="ReplaySeconds">Wall time of reading the appended range back with <see cref="IJournal.CurrentAllEvents"/>.</param>
/// <param name="ReplayEventsPerSecond">Events / replay seconds.</param>
/// <param name="AppendProcessCpuSeconds">CPU time this process spent during the appends (the database server's is not included).</param>
/// <param name="ReplayProcessCpuSeconds">CPU time this process spent during the replay.</param>
public sealed record JournalBenchmarkResult(
    int Events,
    int BatchSize,
    int PayloadBytes,
    double AppendSeconds,
    double AppendEventsPerSecond,
    double ReplaySeconds,
    double ReplayEventsPerSecond,
    double AppendProcessCpuSeconds,
    double ReplayProcessCpuSeconds);
