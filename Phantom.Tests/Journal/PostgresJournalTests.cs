using Phantom.Streams.Journal;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Journal;

/// <summary>The journal contract on the shared throw-away PostgreSQL server, one database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalTests(PostgresServer server) : JournalContractTests
{
    private string? _connectionString;

    public override async Task InitializeAsync() => _connectionString = await server.CreateDatabaseAsync("journal");

    protected override async Task<IJournal> OpenStoreAsync(JournalOptions options) =>
        await PostgresJournal.OpenAsync(_connectionString!, options);

    protected override Task DeleteStoreAsync() => Task.CompletedTask;
}
