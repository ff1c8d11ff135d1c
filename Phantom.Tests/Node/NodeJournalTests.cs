using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Node;

/// <summary>
/// A Kafka node writing a SQLite journal on the mock cluster: every applied event is journaled once with the offsets it
/// advanced, and a node that crashes (no graceful drain) is replaced by one that resumes from the journal, rebuilding
/// the sessions it meets from their journaled events, so the end state equals one uninterrupted run.
/// </summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class NodeJournalTests(KafkaMockClusterFixture kafka) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("phantom-node-journal-").FullName;

    [Fact]
    public Task Node_WithSqliteJournal_JournalsEveryAppliedEventOnceWithOffsets() =>
        NodeJournalScenarios.JournalsEveryEventOnceAsync(kafka, Path.Combine(_directory, "journal.db"));

    [Fact]
    public Task Node_CrashedThenRestarted_AppliesEveryEventExactlyOnce() =>
        NodeJournalScenarios.CrashAndRestartAppliesExactlyOnceAsync(kafka, Path.Combine(_directory, "journal.db"));

    [Fact]
    public Task Node_SnapshotEveryThreeRestarted_RecoversTheStateBeforeFromSnapshotPlusTail() =>
        NodeJournalScenarios.SnapshotsRecoverTheStateBeforeTheRestartAsync(kafka, Path.Combine(_directory, "journal.db"));

    [Fact]
    public Task Nodes_RebalancedMidStream_ApplyEveryEventExactlyOnce() =>
        NodeJournalScenarios.RebalanceAppliesExactlyOnceAsync(kafka, Path.Combine(_directory, "journal.db"));

    [Fact]
    public Task NodeProcess_KilledMidStreamThenRestarted_AppliesEveryEventExactlyOnce() =>
        NodeJournalScenarios.ProcessKilledThenRestartedAppliesExactlyOnceAsync(kafka, Path.Combine(_directory, "journal.db"), _directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
