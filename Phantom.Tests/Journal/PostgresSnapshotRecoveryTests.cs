using Phantom.Streams.Journal;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Journal;

/// <summary>Snapshot recovery on the shared throw-away PostgreSQL server, one database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSnapshotRecoveryTests(PostgresServer server, Xunit.Abstractions.ITestOutputHelper output) : SnapshotRecoveryContractTests
{
    protected override Xunit.Abstractions.ITestOutputHelper Output => output;

    private string? _connectionString;

    public override async Task InitializeAsync() => _connectionString = await server.CreateDatabaseAsync("snapshots");

    protected override async Task<IJournal> OpenStoreAsync() => await PostgresJournal.OpenAsync(_connectionString!);

    protected override Task DeleteStoreAsync() => Task.CompletedTask;
}
