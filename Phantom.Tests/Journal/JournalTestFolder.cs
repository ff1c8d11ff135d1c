using Microsoft.Data.Sqlite;
using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>A temporary folder holding a SQLite journal file, deleted (pools cleared first) on dispose.</summary>
internal sealed class JournalTestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("phantom-journal-unit-").FullName;

    public string Database => System.IO.Path.Combine(Path, "journal.db");

    public ValueTask<IJournal> OpenAsync() => JournalFactory.OpenAsync(new JournalOptions { Connection = Database });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
