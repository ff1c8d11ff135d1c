using Microsoft.Data.Sqlite;

namespace Phantom.Streams.Journal;

/// <summary>
/// The embedded journal: one SQLite file in WAL mode with <c>synchronous=NORMAL</c> (crash-safe; a power loss may drop
/// the last transactions, never corrupt the file). All writes go through one connection whose insert statements are
/// prepared once and driven through the raw SQLite API (<see cref="SqliteStatement"/>), serialized by a semaphore;
/// reads use pooled connections, which WAL lets run beside the writer. Orderings come from AUTOINCREMENT inside the
/// write transaction and SQLite has one writer per database (across processes too), so orderings commit in order and
/// queries are gap-safe (JOURNAL.md, "gaps").
/// </summary>
public sealed class SqliteJournal : PagedSqlJournal
{

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _write;
    private readonly SqliteStatement _insertEvent;
    private readonly SqliteStatement _insertTag;
    private readonly SqliteStatement _insertTagRange;
    private readonly SqliteStatement _upsertOffset;
    private readonly SqliteStatement _upsertSnapshot;
    private readonly SqliteStatement _dropOlderSnapshots;
    private bool _disposed;

    static SqliteJournal() => SQLitePCL.Batteries_V2.Init();

    private SqliteJournal(string path, JournalOptions options) : base(options)
    {
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        _write = new SqliteConnection(_connectionString);
        _write.Open();
        // 8 KiB pages and a 64 MiB page cache (default 4 KiB, 2 MiB) keep the (persistence_id, sequence_nr) index
        // in memory while appends touch many entities; measured about 30% less CPU per append. page_size only
        // applies to a new file.
        Pragma(_write, "PRAGMA page_size=8192");
        Pragma(_write, "PRAGMA cache_size=-65536");
        Pragma(_write, "PRAGMA journal_mode=WAL");
        Pragma(_write, "PRAGMA synchronous=NORMAL");
        // Checkpoints run on the committing writer and fsync the file; at the default of 1000 pages they cost about
        // half the append time. 16384 pages (128 MiB of WAL) makes them rare while keeping the WAL bounded.
        Pragma(_write, "PRAGMA wal_autocheckpoint=16384");
        SqliteSchema.Migrate(_write);

        var db = _write.Handle!;
        _insertEvent = new SqliteStatement(db, "INSERT INTO journal (persistence_id, sequence_nr, created, tags, manifest, payload, writer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        _insertTag = new SqliteStatement(db, "INSERT INTO tags (tag, ordering) VALUES (?1, ?2)");
        _insertTagRange = new SqliteStatement(db, "INSERT INTO tags (tag, ordering) SELECT ?1, ordering FROM journal WHERE ordering BETWEEN ?2 AND ?3");
        _upsertOffset = new SqliteStatement(
            db,
            "INSERT INTO consumer_offsets (\"group\", topic, partition, \"offset\") VALUES (?1, ?2, ?3, ?4) ON CONFLICT (\"group\", topic, partition) DO UPDATE SET \"offset\" = excluded.\"offset\"");
        _upsertSnapshot = new SqliteStatement(
            db,
            "INSERT INTO snapshots (persistence_id, sequence_nr, created, payload) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET created = excluded.created, payload = excluded.payload");
        _dropOlderSnapshots = new SqliteStatement(db, "DELETE FROM snapshots WHERE persistence_id = ?1 AND sequence_nr < ?2");
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating or migrating) the journal file at <paramref name="path"/>.</summary>
    public static ValueTask<SqliteJournal> OpenAsync(string path, JournalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new SqliteJournal(path, options ?? new JournalOptions()));
    }

    protected override async ValueTask AppendInTransactionAsync(
        IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, IReadOnlyList<SnapshotWrite> snapshots, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            AppendLocked(events, offsets, snapshots);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void AppendLocked(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, IReadOnlyList<SnapshotWrite> snapshots)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var tx = _write.BeginTransaction(deferred: false);
        var db = _write.Handle!;
        JournalWrite? current = null;
        var run = new TagRun(_insertTagRange);
        try
        {
            // Bound values survive sqlite3_reset: the columns that rarely change are rebound only when they do.
            _insertEvent.Bind(3, created);
            string? manifest = null;
            string? writer = null;
            for (var i = 0; i < events.Count; i++)
            {
                current = events[i];
                var tags = current.Tags;
                _insertEvent.Bind(1, current.PersistenceId);
                _insertEvent.Bind(2, current.SequenceNr);
                _insertEvent.Bind(4, JournalTags.Encode(tags));
                if (!ReferenceEquals(manifest, current.Manifest))
                {
                    manifest = current.Manifest;
                    _insertEvent.Bind(5, manifest);
                }

                _insertEvent.Bind(6, current.Payload);
                if (!ReferenceEquals(writer, current.Writer))
                {
                    writer = current.Writer;
                    _insertEvent.Bind(7, writer);
                }

                _insertEvent.Execute();
                if (tags is not { Count: > 0 })
                {
                    continue;
                }

                var ordering = SQLitePCL.raw.sqlite3_last_insert_rowid(db);
                if (tags.Count == 1)
                {
                    // The usual case (the journal stage tags every event of a shard alike): consecutive events with
                    // one equal tag get their tag rows from one INSERT ... SELECT over their ordering range.
                    run.Add(tags[0], ordering);
                    continue;
                }

                run.Flush();
                _insertTag.Bind(2, ordering);
                foreach (var tag in JournalTags.Distinct(tags))
                {
                    _insertTag.Bind(1, tag);
                    _insertTag.Execute();
                }
            }

            run.Flush();
            current = null;
            foreach (var offset in offsets)
            {
                _upsertOffset.Bind(1, offset.Group);
                _upsertOffset.Bind(2, offset.Topic);
                _upsertOffset.Bind(3, offset.Partition);
                _upsertOffset.Bind(4, offset.Offset);
                _upsertOffset.Execute();
            }

            if (snapshots.Count > 0)
            {
                SaveSnapshotsLocked(snapshots, created);
            }

            tx.Commit();
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == 2067 /* SQLITE_CONSTRAINT_UNIQUE */ && current is not null)
        {
            tx.Rollback();
            throw new DuplicateSequenceNumberException(current.PersistenceId, current.SequenceNr, e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 /* BUSY, LOCKED */)
        {
            tx.Rollback();
            throw new JournalUnavailableException($"SQLite journal '{Path}' is locked by another writer.", e);
        }
        finally
        {
            // Payload arrays belong to the caller's events; do not keep them alive through the prepared statement.
            _insertEvent.ClearBindings();
            if (snapshots.Count > 0) _upsertSnapshot.ClearBindings();
        }
    }

    /// <summary>Inside the append's transaction: each snapshot as <see cref="SaveSnapshotAsync"/> stores it.</summary>
    private void SaveSnapshotsLocked(IReadOnlyList<SnapshotWrite> snapshots, long created)
    {
        foreach (var snapshot in snapshots)
        {
            _upsertSnapshot.Bind(1, snapshot.PersistenceId);
            _upsertSnapshot.Bind(2, snapshot.SequenceNr);
            _upsertSnapshot.Bind(3, created);
            _upsertSnapshot.Bind(4, snapshot.Payload);
            _upsertSnapshot.Execute();
            _dropOlderSnapshots.Bind(1, snapshot.PersistenceId);
            _dropOlderSnapshots.Bind(2, snapshot.SequenceNr);
            _dropOlderSnapshots.Execute();
        }
    }

    /// <summary>
    /// A run of consecutive orderings carrying the same single tag, written as one <c>INSERT INTO tags ... SELECT</c>.
    /// Only rows this transaction inserted lie in the range: the write transaction is the database's only writer and
    /// the run breaks at any gap in the orderings.
    /// </summary>
    private struct TagRun(SqliteStatement insertRange)
    {
        private string? _tag;
        private long _first;
        private long _last;

        public void Add(string tag, long ordering)
        {
            if (_tag is not null && ordering == _last + 1 && (ReferenceEquals(tag, _tag) || string.Equals(tag, _tag, StringComparison.Ordinal)))
            {
                _last = ordering;
                return;
            }

            Flush();
            _tag = tag;
            _first = ordering;
            _last = ordering;
        }

        public void Flush()
        {
            if (_tag is null)
            {
                return;
            }

            insertRange.Bind(1, _tag);
            insertRange.Bind(2, _first);
            insertRange.Bind(3, _last);
            insertRange.Execute();
            _tag = null;
        }
    }

    public override async ValueTask<IReadOnlyList<ConsumerOffset>> ReadOffsetsAsync(string group, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT topic, partition, \"offset\" FROM consumer_offsets WHERE \"group\" = $group ORDER BY topic, partition";
        command.Parameters.AddWithValue("$group", group);
        var result = new List<ConsumerOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            result.Add(new ConsumerOffset(group, reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        return result;
    }

    public override async ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(sequence_nr), 0) FROM journal WHERE persistence_id = $pid";
        command.Parameters.AddWithValue("$pid", persistenceId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async ValueTask<long> ReadHighestOrderingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        await WriteOneAsync(
            "UPDATE journal SET deleted = 1 WHERE persistence_id = $pid AND sequence_nr <= $to AND deleted = 0",
            c =>
            {
                c.Parameters.AddWithValue("$pid", persistenceId);
                c.Parameters.AddWithValue("$to", toSequenceNr);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask SaveSnapshotAsync(string persistenceId, long sequenceNr, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        await WriteOneAsync(
            """
            INSERT INTO snapshots (persistence_id, sequence_nr, created, payload) VALUES ($pid, $seq, $created, $payload)
                ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET created = excluded.created, payload = excluded.payload;
            DELETE FROM snapshots WHERE persistence_id = $pid AND sequence_nr < $seq;
            """,
            c =>
            {
                c.Parameters.AddWithValue("$pid", persistenceId);
                c.Parameters.AddWithValue("$seq", sequenceNr);
                c.Parameters.AddWithValue("$created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                c.Parameters.AddWithValue("$payload", payload);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_nr, created, payload FROM snapshots WHERE persistence_id = $pid ORDER BY sequence_nr DESC LIMIT 1";
        command.Parameters.AddWithValue("$pid", persistenceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new SnapshotRecord(persistenceId, reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
    }

    protected override string Parameter(string name) => "$" + name;

    protected override string LiveRow => "j.deleted = 0";

    public override async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            _insertEvent.Dispose();
            _insertTag.Dispose();
            _insertTagRange.Dispose();
            _upsertOffset.Dispose();
            _upsertSnapshot.Dispose();
            _dropOlderSnapshots.Dispose();
            await _write.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    protected override async ValueTask<List<JournalEvent>> QueryPageAsync(
        string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(Parameter(name), value);
        }

        var page = new List<JournalEvent>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (reader.Read())
        {
            page.Add(ReadEvent(reader));
        }

        return page;
    }

    private async ValueTask WriteOneAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var tx = _write.BeginTransaction(deferred: false);
            using var command = _write.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            bind(command);
            command.ExecuteNonQuery();
            tx.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async ValueTask<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static void Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.ExecuteNonQuery();
    }
}
