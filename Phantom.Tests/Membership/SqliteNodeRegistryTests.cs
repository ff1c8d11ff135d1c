using Phantom.Cluster.Membership;

namespace Phantom.Tests.Membership;

/// <summary>The registry contract on a SQLite file (WAL, busy timeout), plus the in-memory registry of a node without a journal.</summary>
public sealed class SqliteNodeRegistryTests : NodeRegistryContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "phantom-registry-" + Guid.NewGuid().ToString("N")[..12]);

    protected override string Connection => Path.Combine(_folder, "cluster.db");

    public override Task InitializeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task OpenAsync_EmptyConnection_PrivateInMemoryRegistryPerCall()
    {
        await using var first = await NodeRegistryFactory.OpenAsync("", "test");
        await using var second = await NodeRegistryFactory.OpenAsync("", "test");
        await first.RegisterAsync(new NodeRecord("a", "http://h:1", [], "1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, MemberStatus.Up, [], 0, 0, 0));

        Assert.Single(await first.NodesAsync());
        Assert.Empty(await second.NodesAsync());
    }

    [Fact]
    public async Task OpenAsync_JournalFileAlreadyThere_TablesLiveBesideTheJournal()
    {
        await using (var journal = await Phantom.Streams.Journal.SqliteJournal.OpenAsync(Connection))
        {
            await using var registry = await NodeRegistryFactory.OpenAsync(Connection, "test");
            await registry.RecordAsync("a", MemberEventKind.StageAttached, "tap");
            Assert.Single(await registry.EventsAsync(0, 10));
        }

        await using var again = await NodeRegistryFactory.OpenAsync(Connection, "test");
        Assert.Single(await again.EventsAsync(0, 10));
    }
}
