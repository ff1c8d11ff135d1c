using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

public class JournalFactoryTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Port=5432;Database=phantom", true)]
    [InlineData("postgres://phantom:secret@db:5432/phantom", true)]
    [InlineData("postgresql://db/phantom", true)]
    [InlineData("data/journal.db", false)]
    [InlineData("/var/lib/phantom/host-journal.db", false)]
    public void IsPostgres_ConnectionText_RecognisesPostgreSqlConnectionStrings(string connection, bool expected) =>
        Assert.Equal(expected, JournalFactory.IsPostgres(connection));

    [Fact]
    public async Task OpenAsync_FilePath_OpensSqliteJournal()
    {
        var directory = Path.Combine(Path.GetTempPath(), "phantom-factory-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await using var journal = await JournalFactory.OpenAsync(new JournalOptions { Connection = Path.Combine(directory, "j.db") });

            Assert.IsType<SqliteJournal>(journal);
            Assert.True(File.Exists(Path.Combine(directory, "j.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
