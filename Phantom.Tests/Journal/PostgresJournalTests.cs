using Phantom.Streams.Journal;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Journal;

/// <summary>The journal contract on the shared throw-away PostgreSQL server, one database per test, plus an outage test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalTests(PostgresServer server) : JournalContractTests
{
    private string? _connectionString;

    public override async Task InitializeAsync() => _connectionString = await server.CreateDatabaseAsync("journal");

    protected override async Task<IJournal> OpenStoreAsync(JournalOptions options) =>
        await PostgresJournal.OpenAsync(_connectionString!, options);

    protected override Task DeleteStoreAsync() => Task.CompletedTask;

    [Fact]
    public async Task GroupCommitJournalWriter_ServerStoppedAndRestarted_CommitsEveryEventOnce()
    {
        await using var journal = await PostgresJournal.OpenAsync(_connectionString!);
        var writer = new GroupCommitJournalWriter(journal, new JournalOptions { BatchSize = 8, MaxDelay = TimeSpan.FromMilliseconds(2), RetryBackoff = TimeSpan.FromMilliseconds(50) });
        await using (writer)
        {
            for (var i = 1; i <= 10; i++) await writer.WriteAsync(new JournalWrite("s", i, [(byte)i]));

            await server.StopServerAsync();
            Task[] during;
            try
            {
                during = Enumerable.Range(11, 10)
                    .Select(i => writer.WriteAsync([new JournalWrite("s", i, [(byte)i])], [new ConsumerOffset("g", "t", 0, i)]).AsTask())
                    .ToArray();
                await Task.Delay(500);
                Assert.DoesNotContain(during, t => t.IsCompleted);
            }
            finally
            {
                await server.StartServerAsync();
            }

            await Task.WhenAll(during).WaitAsync(TimeSpan.FromSeconds(60));
        }

        var events = new List<JournalEvent>();
        await foreach (var e in journal.CurrentEventsByPersistenceId("s")) events.Add(e);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), events.Select(e => e.SequenceNr));
        Assert.Equal([new ConsumerOffset("g", "t", 0, 20)], await journal.ReadOffsetsAsync("g"));
    }
}
