using Microsoft.Data.Sqlite;

namespace Phantom.Streams.Journal;

/// <summary>
/// The embedded journal: one SQLite file in WAL mode with <c>synchronous=NORMAL</c> (durable at checkpoints and
/// crash-safe; a power loss may drop the last transactions, never corrupt). All writes go through one connection
/// with prepared commands reused for every row, serialized by a semaphore; reads use pooled connections, which WAL
/// lets run beside the writer. The single writer is also what makes queries gap-safe: orderings are assigned inside
/// the write transaction, so they commit in order.
/// </summary>
public sealed class SqliteJournal : PagedSqlJournal
{
    private const string EventColumns = "j.ordering, j.persistence_id, j.sequence_nr, j.created, j.tags, j.manifest, j.payload, j.writer";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _write;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertTag;
    private readonly SqliteCommand _upsertOffset;
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
        Pragma(_write, "PRAGMA journal_mode=WAL");
        Pragma(_write, "PRAGMA synchronous=NORMAL");
        SqliteSchema.Migrate(_write);

        _insertEvent = Prepare(
            "INSERT INTO journal (persistence_id, sequence_nr, created, tags, manifest, payload, writer) VALUES ($pid, $seq, $created, $tags, $manifest, $payload, $writer)",
            ("$pid", SqliteType.Text), ("$seq", SqliteType.Integer), ("$created", SqliteType.Integer), ("$tags", SqliteType.Text),
            ("$manifest", SqliteType.Text), ("$payload", SqliteType.Blob), ("$writer", SqliteType.Text));
        _insertTag = Prepare("INSERT INTO tags (tag, ordering) VALUES ($tag, $ordering)", ("$tag", SqliteType.Text), ("$ordering", SqliteType.Integer));
        _upsertOffset = Prepare(
            "INSERT INTO consumer_offsets (\"group\", topic, partition, \"offset\") VALUES ($group, $topic, $partition, $offset) ON CONFLICT (\"group\", topic, partition) DO UPDATE SET \"offset\" = excluded.\"offset\"",
            ("$group", SqliteType.Text), ("$topic", SqliteType.Text), ("$partition", SqliteType.Integer), ("$offset", SqliteType.Integer));
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

    public override async ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(offsets);
        if (events.Count == 0 && offsets.Count == 0) return;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            AppendLocked(events, offsets);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void AppendLocked(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var tx = _write.BeginTransaction(deferred: false);
        _insertEvent.Transaction = tx;
        _insertTag.Transaction = tx;
        _upsertOffset.Transaction = tx;
        var p = _insertEvent.Parameters;
        p[2].Value = created;
        JournalWrite? current = null;
        try
        {
            for (var i = 0; i < events.Count; i++)
            {
                current = events[i];
                p[0].Value = current.PersistenceId;
                p[1].Value = current.SequenceNr;
                p[3].Value = JournalTags.Encode(current.Tags);
                p[4].Value = current.Manifest;
                p[5].Value = current.Payload;
                p[6].Value = current.Writer;
                _insertEvent.ExecuteNonQuery();
                if (current.Tags is { Count: > 0 })
                {
                    var ordering = SQLitePCL.raw.sqlite3_last_insert_rowid(_write.Handle);
                    _insertTag.Parameters[1].Value = ordering;
                    foreach (var tag in JournalTags.Distinct(current.Tags))
                    {
                        _insertTag.Parameters[0].Value = tag;
                        _insertTag.ExecuteNonQuery();
                    }
                }
            }

            current = null;
            var o = _upsertOffset.Parameters;
            foreach (var offset in offsets)
            {
                o[0].Value = offset.Group;
                o[1].Value = offset.Topic;
                o[2].Value = offset.Partition;
                o[3].Value = offset.Offset;
                _upsertOffset.ExecuteNonQuery();
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
            // Payload arrays belong to the caller's events; do not keep them alive through the prepared command.
            p[5].Value = DBNull.Value;
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

    protected override ValueTask<List<JournalEvent>> ReadByPersistenceIdPageAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, int limit, CancellationToken cancellationToken) =>
        ReadPageAsync(
            $"SELECT {EventColumns} FROM journal j WHERE j.persistence_id = $pid AND j.sequence_nr >= $from AND j.sequence_nr <= $to AND j.deleted = 0 ORDER BY j.sequence_nr LIMIT $limit",
            c =>
            {
                c.Parameters.AddWithValue("$pid", persistenceId);
                c.Parameters.AddWithValue("$from", fromSequenceNr);
                c.Parameters.AddWithValue("$to", toSequenceNr);
                c.Parameters.AddWithValue("$limit", limit);
            },
            limit,
            cancellationToken);

    protected override ValueTask<List<JournalEvent>> ReadByTagPageAsync(string tag, long afterOrdering, long upToOrdering, int limit, CancellationToken cancellationToken) =>
        ReadPageAsync(
            $"SELECT {EventColumns} FROM tags t JOIN journal j ON j.ordering = t.ordering WHERE t.tag = $tag AND t.ordering > $after AND t.ordering <= $upTo AND j.deleted = 0 ORDER BY t.ordering LIMIT $limit",
            c =>
            {
                c.Parameters.AddWithValue("$tag", tag);
                c.Parameters.AddWithValue("$after", afterOrdering);
                c.Parameters.AddWithValue("$upTo", upToOrdering);
                c.Parameters.AddWithValue("$limit", limit);
            },
            limit,
            cancellationToken);

    protected override ValueTask<List<JournalEvent>> ReadAllPageAsync(long afterOrdering, long upToOrdering, int limit, CancellationToken cancellationToken) =>
        ReadPageAsync(
            $"SELECT {EventColumns} FROM journal j WHERE j.ordering > $after AND j.ordering <= $upTo AND j.deleted = 0 ORDER BY j.ordering LIMIT $limit",
            c =>
            {
                c.Parameters.AddWithValue("$after", afterOrdering);
                c.Parameters.AddWithValue("$upTo", upToOrdering);
                c.Parameters.AddWithValue("$limit", limit);
            },
            limit,
            cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            _insertEvent.Dispose();
            _insertTag.Dispose();
            _upsertOffset.Dispose();
            await _write.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async ValueTask<List<JournalEvent>> ReadPageAsync(string sql, Action<SqliteCommand> bind, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var page = new List<JournalEvent>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (reader.Read())
        {
            page.Add(new JournalEvent(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                JournalTags.Decode(reader.GetString(4)),
                reader.GetString(5),
                reader.GetFieldValue<byte[]>(6),
                reader.GetString(7)));
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

    private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _write.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters) command.Parameters.Add(name, type);
        command.Prepare();
        return command;
    }

    private static void Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.ExecuteNonQuery();
    }
}
