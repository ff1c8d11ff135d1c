using System.Runtime.CompilerServices;
using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>A pass-through <see cref="IJournal"/> that counts the events recovery reads per entity and the snapshots it loads.</summary>
internal sealed class CountingJournal(IJournal inner) : ForwardingJournal(inner)
{
    private readonly Dictionary<string, int> _read = new(StringComparer.Ordinal);

    /// <summary>Events delivered by <see cref="CurrentEventsByPersistenceId"/>, all entities.</summary>
    public long EventsRead => _read.Values.Sum();

    public int SnapshotsLoaded { get; private set; }

    public int ReadOf(string persistenceId) => _read.GetValueOrDefault(persistenceId);

    public override async IAsyncEnumerable<JournalEvent> CurrentEventsByPersistenceId(
        string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in Inner.CurrentEventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken))
        {
            _read[persistenceId] = ReadOf(persistenceId) + 1;
            yield return e;
        }
    }

    public override ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        SnapshotsLoaded++;
        return Inner.LoadSnapshotAsync(persistenceId, cancellationToken);
    }
}
