using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>Snapshot recovery on a SQLite file in a temporary folder per test.</summary>
public sealed class SqliteSnapshotRecoveryTests(Xunit.Abstractions.ITestOutputHelper output) : SnapshotRecoveryContractTests
{
    protected override Xunit.Abstractions.ITestOutputHelper Output => output;

    private readonly JournalTestFolder _folder = new();

    public override Task InitializeAsync() => Task.CompletedTask;

    protected override async Task<IJournal> OpenStoreAsync() => await _folder.OpenAsync();

    protected override Task DeleteStoreAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
