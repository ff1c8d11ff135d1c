using System.Text;
using Phantom.Streams.Flow.Sources;
using Phantom.Streams.Journal;
using Phantom.Tests.Training.Replay;
using Phantom.Training.Replay;

namespace Phantom.Tests.Cluster;

/// <summary><c>phantom replay --journal</c>: the journal replays into the same dataset as the events file it holds.</summary>
public sealed class ReplayJournalTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-replay-journal-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Replay_JournalOfAFile_SameDatasetAsTheFile()
    {
        var events = ReplayTestData.WriteEvents(_dir.FullName, 3_000, ReplayTestData.Options());
        var journalPath = Path.Combine(_dir.FullName, "journal.db");
        await WriteJournalAsync(journalPath, await File.ReadAllLinesAsync(events), tagEvery: 1);
        var fromFile = Path.Combine(_dir.FullName, "file.csv");
        var fromJournal = Path.Combine(_dir.FullName, "journal.csv");

        Assert.Equal(0, await CliTestSupport.RunAsync("replay", "--input", events, "--out", fromFile, "-p", "2"));
        Assert.Equal(0, await CliTestSupport.RunAsync("replay", "--journal", journalPath, "--out", fromJournal, "-p", "2"));

        Assert.Equal(await File.ReadAllTextAsync(fromFile), await File.ReadAllTextAsync(fromJournal));
    }

    [Fact]
    public async Task Replay_JournalByTagAndOrdering_ReadsOnlyThoseEvents()
    {
        var lines = await File.ReadAllLinesAsync(ReplayTestData.WriteEvents(_dir.FullName, 1_000, ReplayTestData.Options()));
        var journalPath = Path.Combine(_dir.FullName, "journal.db");
        await WriteJournalAsync(journalPath, lines, tagEvery: 2);
        await using var journal = await SqliteJournal.OpenAsync(journalPath);

        var tagged = new JournalReplaySource(journal, tag: "even").Read().Select(r => r.Ordering).ToArray();
        var later = new JournalReplaySource(journal, afterOrdering: 900).Read().Select(r => r.Ordering).ToArray();

        Assert.Equal(500, tagged.Length);
        Assert.All(tagged, ordering => Assert.Equal(1, ordering % 2)); // orderings 1, 3, 5, ... carry the tag
        Assert.Equal(Enumerable.Range(901, 100).Select(i => (long)i), later);
    }

    [Fact]
    public void Parse_BothOrNeitherSource_IsAnError()
    {
        Assert.Contains("exactly one", CliTestSupport.ParseErrors("replay", "--out", "x.csv"), StringComparison.Ordinal);
        Assert.Contains("--journal", CliTestSupport.ParseErrors("replay", "--journal", "/no/such/journal.db", "--out", "x.csv"), StringComparison.Ordinal);
    }

    /// <summary>Appends each line as its session's next event, tagging every <paramref name="tagEvery"/>-th one "even".</summary>
    private static async Task WriteJournalAsync(string path, IReadOnlyList<string> lines, int tagEvery)
    {
        await using var journal = await SqliteJournal.OpenAsync(path);
        var sequence = new Dictionary<string, long>();
        var writes = new List<JournalWrite>();
        for (var i = 0; i < lines.Count; i++)
        {
            var payload = Encoding.UTF8.GetBytes(lines[i]);
            SessionIdScanner.TryFind(payload, out var id);
            var session = Encoding.UTF8.GetString(id);
            sequence[session] = sequence.GetValueOrDefault(session) + 1;
            writes.Add(new JournalWrite(session, sequence[session], payload, Tags: i % tagEvery == 0 ? ["even"] : null));
        }

        await journal.AppendAsync(writes, []);
    }
}
