using System.Runtime.CompilerServices;

namespace Phantom.Streams.Journal;

/// <summary>
/// The query half shared by both databases: every query is a keyset-paged loop over one page reader; live variants
/// sleep <see cref="JournalOptions.PollInterval"/> once caught up. Cursors simply advance to the last delivered row:
/// writers allocate orderings inside their serialized write section, so a committed row is never preceded by an
/// ordering that can still commit later (JOURNAL.md, "gaps").
/// </summary>
public abstract class PagedSqlJournal : IJournal
{
    protected PagedSqlJournal(JournalOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.QueryPageSize <= 0) throw new ArgumentOutOfRangeException(nameof(options), "QueryPageSize must be positive.");
    }

    protected JournalOptions Options { get; }

    public abstract ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default);

    public abstract ValueTask<IReadOnlyList<ConsumerOffset>> ReadOffsetsAsync(string group, CancellationToken cancellationToken = default);

    public abstract ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default);

    public abstract ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);

    public abstract ValueTask SaveSnapshotAsync(string persistenceId, long sequenceNr, byte[] payload, CancellationToken cancellationToken = default);

    public abstract ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default);

    public abstract ValueTask<long> ReadHighestOrderingAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    /// <summary>Up to <paramref name="limit"/> live events of the entity with from &lt;= sequence nr &lt;= to, by sequence nr.</summary>
    protected abstract ValueTask<List<JournalEvent>> ReadByPersistenceIdPageAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, int limit, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> live events tagged <paramref name="tag"/> with after &lt; ordering &lt;= upTo, by ordering.</summary>
    protected abstract ValueTask<List<JournalEvent>> ReadByTagPageAsync(string tag, long afterOrdering, long upToOrdering, int limit, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> live events with after &lt; ordering &lt;= upTo, by ordering.</summary>
    protected abstract ValueTask<List<JournalEvent>> ReadAllPageAsync(long afterOrdering, long upToOrdering, int limit, CancellationToken cancellationToken);

    public IAsyncEnumerable<JournalEvent> CurrentEventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
        ByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, live: false, cancellationToken);

    public IAsyncEnumerable<JournalEvent> EventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
        ByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, live: true, cancellationToken);

    public IAsyncEnumerable<JournalEvent> CurrentEventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        ByOrdering(tag, afterOrdering, live: false, cancellationToken);

    public IAsyncEnumerable<JournalEvent> EventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        ByOrdering(tag, afterOrdering, live: true, cancellationToken);

    public IAsyncEnumerable<JournalEvent> CurrentAllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        ByOrdering(null, afterOrdering, live: false, cancellationToken);

    public IAsyncEnumerable<JournalEvent> AllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        ByOrdering(null, afterOrdering, live: true, cancellationToken);

    private async IAsyncEnumerable<JournalEvent> ByPersistenceId(string persistenceId, long fromSequenceNr, long toSequenceNr, bool live, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var next = Math.Max(1, fromSequenceNr);
        var pageSize = Options.QueryPageSize;
        while (next <= toSequenceNr)
        {
            var page = await ReadByPersistenceIdPageAsync(persistenceId, next, toSequenceNr, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var e in page)
            {
                yield return e;
                next = e.SequenceNr + 1;
            }

            if (page.Count < pageSize)
            {
                if (!live) yield break;
                await Task.Delay(Options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async IAsyncEnumerable<JournalEvent> ByOrdering(string? tag, long afterOrdering, bool live, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = Math.Max(0, afterOrdering);
        var upTo = live ? long.MaxValue : await ReadHighestOrderingAsync(cancellationToken).ConfigureAwait(false);
        var pageSize = Options.QueryPageSize;
        while (cursor < upTo)
        {
            var page = tag is null
                ? await ReadAllPageAsync(cursor, upTo, pageSize, cancellationToken).ConfigureAwait(false)
                : await ReadByTagPageAsync(tag, cursor, upTo, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var e in page)
            {
                yield return e;
                cursor = e.Ordering;
            }

            if (page.Count < pageSize)
            {
                if (!live) yield break;
                await Task.Delay(Options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
