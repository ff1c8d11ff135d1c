using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Node;

/// <summary>The node-with-journal scenarios of <see cref="NodeJournalTests"/> with the journal on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresNodeJournalTests(PostgresServer postgres, KafkaMockClusterFixture kafka) : IClassFixture<KafkaMockClusterFixture>
{
    [Fact]
    public async Task Node_WithPostgresJournal_JournalsEveryAppliedEventOnceWithOffsets() =>
        await NodeJournalScenarios.JournalsEveryEventOnceAsync(kafka, await postgres.CreateDatabaseAsync("nodejournal"));

    [Fact]
    public async Task Node_WithPostgresJournalCrashedThenRestarted_AppliesEveryEventExactlyOnce() =>
        await NodeJournalScenarios.CrashAndRestartAppliesExactlyOnceAsync(kafka, await postgres.CreateDatabaseAsync("nodecrash"));

    [Fact]
    public async Task Node_WithPostgresJournalSnapshotEveryThreeRestarted_RecoversTheStateBeforeFromSnapshotPlusTail() =>
        await NodeJournalScenarios.SnapshotsRecoverTheStateBeforeTheRestartAsync(kafka, await postgres.CreateDatabaseAsync("nodesnapshots"));

    [Fact]
    public async Task Node_PostgresStoppedForSecondsMidStream_BackpressuresRetriesAndResumesExactlyOnce() =>
        await NodeJournalScenarios.DatabaseOutageResumesExactlyOnceAsync(
            kafka, await postgres.CreateDatabaseAsync("nodeoutage"), postgres.StopServerAsync, postgres.StartServerAsync);
}
