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

    public ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default) =>
        AppendAsync(events, offsets, [], cancellationToken);

    /// <inheritdoc cref="IJournal.AppendAsync(IReadOnlyList{JournalWrite}, IReadOnlyList{ConsumerOffset}, IReadOnlyList{SnapshotWrite}, CancellationToken)"/>
    public ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, IReadOnlyList<SnapshotWrite> snapshots, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(snapshots);
        return events.Count == 0 && offsets.Count == 0 && snapshots.Count == 0
            ? ValueTask.CompletedTask
            : AppendInTransactionAsync(events, offsets, snapshots, cancellationToken);
    }

    /// <summary>Writes a non-empty append (events, offsets and snapshots) in one transaction of the dialect.</summary>
    protected abstract ValueTask AppendInTransactionAsync(
        IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, IReadOnlyList<SnapshotWrite> snapshots, CancellationToken cancellationToken);

    public abstract ValueTask<IReadOnlyList<ConsumerOffset>> ReadOffsetsAsync(string group, CancellationToken cancellationToken = default);

    public abstract ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default);

    public abstract ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);

    public abstract ValueTask SaveSnapshotAsync(string persistenceId, long sequenceNr, byte[] payload, CancellationToken cancellationToken = default);

    public abstract ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default);

    public abstract ValueTask<long> ReadHighestOrderingAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    /// <summary>The journal columns every page query selects, in the order <see cref="ReadEvent"/> reads them.</summary>
    protected const string EventColumns = "j.ordering, j.persistence_id, j.sequence_nr, j.created, j.tags, j.manifest, j.payload, j.writer";

    /// <summary>How the dialect writes a named parameter in SQL (<c>$name</c> in SQLite, <c>@name</c> in PostgreSQL).</summary>
    protected abstract string Parameter(string name);

    /// <summary>The dialect's predicate for a row that is not logically deleted.</summary>
    protected abstract string LiveRow { get; }

    /// <summary>Runs a page query with its parameters (names as given to <see cref="Parameter"/>).</summary>
    protected abstract ValueTask<List<JournalEvent>> QueryPageAsync(
        string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, int limit, CancellationToken cancellationToken);

    /// <summary>One event from a row of <see cref="EventColumns"/>.</summary>
    protected static JournalEvent ReadEvent(System.Data.Common.DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetInt64(3),
        JournalTags.Decode(reader.GetString(4)),
        reader.GetString(5),
        reader.GetFieldValue<byte[]>(6),
        reader.GetString(7));

    /// <summary>Up to <paramref name="limit"/> live events of the entity with from &lt;= sequence nr &lt;= to, by sequence nr.</summary>
    private ValueTask<List<JournalEvent>> ReadByPersistenceIdPageAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, int limit, CancellationToken cancellationToken) =>
        QueryPageAsync(
            $"SELECT {EventColumns} FROM journal j WHERE j.persistence_id = {Parameter("pid")} AND j.sequence_nr >= {Parameter("from")} AND j.sequence_nr <= {Parameter("to")} AND {LiveRow} ORDER BY j.sequence_nr LIMIT {Parameter("limit")}",
            [new("pid", persistenceId), new("from", fromSequenceNr), new("to", toSequenceNr), new("limit", limit)],
            limit,
            cancellationToken);

    /// <summary>Up to <paramref name="limit"/> live events tagged <paramref name="tag"/> with after &lt; ordering &lt;= upTo, by ordering.</summary>
    private ValueTask<List<JournalEvent>> ReadByTagPageAsync(string tag, long afterOrdering, long upToOrdering, int limit, CancellationToken cancellationToken) =>
        QueryPageAsync(
            $"SELECT {EventColumns} FROM tags t JOIN journal j ON j.ordering = t.ordering WHERE t.tag = {Parameter("tag")} AND t.ordering > {Parameter("after")} AND t.ordering <= {Parameter("upTo")} AND {LiveRow} ORDER BY t.ordering LIMIT {Parameter("limit")}",
            [new("tag", tag), new("after", afterOrdering), new("upTo", upToOrdering), new("limit", limit)],
            limit,
            cancellationToken);

    /// <summary>Up to <paramref name="limit"/> live events with after &lt; ordering &lt;= upTo, by ordering.</summary>
    private ValueTask<List<JournalEvent>> ReadAllPageAsync(long afterOrdering, long upToOrdering, int limit, CancellationToken cancellationToken) =>
        QueryPageAsync(
            $"SELECT {EventColumns} FROM journal j WHERE j.ordering > {Parameter("after")} AND j.ordering <= {Parameter("upTo")} AND {LiveRow} ORDER BY j.ordering LIMIT {Parameter("limit")}",
            [new("after", afterOrdering), new("upTo", upToOrdering), new("limit", limit)],
            limit,
            cancellationToken);

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
