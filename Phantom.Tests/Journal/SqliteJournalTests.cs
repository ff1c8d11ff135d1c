using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>The journal contract on a SQLite file in a temporary folder per test.</summary>
public sealed class SqliteJournalTests : JournalContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "phantom-journal-" + Guid.NewGuid().ToString("N")[..12]);

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    protected override async Task<IJournal> OpenStoreAsync(JournalOptions options) =>
        await SqliteJournal.OpenAsync(Path.Combine(_directory, "journal.db"), options);

    protected override Task DeleteStoreAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
