using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Phantom.Streams.Journal;

/// <summary>
/// The journal on PostgreSQL through a pooled <see cref="NpgsqlDataSource"/>. An append is one transaction: take the
/// append advisory lock, reserve a contiguous block of orderings from the identity sequence, binary-COPY the events
/// and their tags, upsert the offsets, commit. The lock is held only for that transaction; it makes orderings commit
/// in increasing order, which is what lets queries advance their cursor without ever skipping a late commit
/// (JOURNAL.md, "gaps"). Throughput comes from batching (group commit), not from parallel appends.
/// </summary>
public sealed partial class PostgresJournal : PagedSqlJournal
{
    /// <summary>Advisory lock key serializing appends: "PHANTOM" + 2.</summary>
    private const long AppendLockKey = 0x5048_414E_544F_4D02;


    private readonly NpgsqlDataSource _dataSource;

    private PostgresJournal(NpgsqlDataSource dataSource, JournalOptions options) : base(options) => _dataSource = dataSource;

    /// <summary>Connects (pooled) to <paramref name="connectionString"/> and creates or migrates the schema.</summary>
    public static async ValueTask<PostgresJournal> OpenAsync(string connectionString, JournalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        // Error detail names the duplicated key, which DuplicateSequenceNumberException reports.
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.IncludeErrorDetail = true;
        var dataSource = builder.Build();
        try
        {
            await PostgresSchema.MigrateAsync(dataSource, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw new JournalUnavailableException("PostgreSQL journal is unreachable: " + e.Message, e);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new PostgresJournal(dataSource, options ?? new JournalOptions());
    }

    protected override async ValueTask AppendInTransactionAsync(
        IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, IReadOnlyList<SnapshotWrite> snapshots, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (events.Count > 0) await InsertEventsAsync(connection, tx, events, cancellationToken).ConfigureAwait(false);
            if (offsets.Count > 0) await UpsertOffsetsAsync(connection, tx, offsets, cancellationToken).ConfigureAwait(false);
            if (snapshots.Count > 0) await SaveSnapshotsAsync(connection, tx, snapshots, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "journal_pid_seq")
        {
            var match = DuplicateKeyDetail().Match(e.Detail ?? string.Empty);
            throw match.Success
                ? new DuplicateSequenceNumberException(match.Groups[1].Value, long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), e)
                : new DuplicateSequenceNumberException(null, null, e);
        }
        catch (NpgsqlException e) when (IsUnavailable(e))
        {
            throw new JournalUnavailableException("PostgreSQL journal is unreachable: " + e.Message, e);
        }
    }

    /// <summary>
    /// Errors after which the same append may simply be retried: network failures, and the server shutting down or
    /// restarting (SQLSTATE class 57P, sent to connections of a stopping server).
    /// </summary>
    private static bool IsUnavailable(NpgsqlException e) =>
        e.IsTransient || (e is PostgresException p && p.SqlState.StartsWith("57P", StringComparison.Ordinal));

    private static async Task InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<JournalWrite> events, CancellationToken cancellationToken)
    {
        // One round trip: wait for the append lock, then reserve orderings last-n+1 .. last. Under the lock nobody
        // else draws from the sequence, so the block is contiguous and below every later append's block.
        long last;
        await using (var reserve = new NpgsqlCommand(
            $"SELECT pg_advisory_xact_lock({AppendLockKey}); SELECT setval(pg_get_serial_sequence('journal', 'ordering'), nextval(pg_get_serial_sequence('journal', 'ordering')) + @n - 1)",
            connection,
            tx))
        {
            reserve.Parameters.AddWithValue("n", (long)events.Count);
            await using var reader = await reserve.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            last = reader.GetInt64(0);
        }

        var first = last - events.Count + 1;
        var created = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var hasTags = false;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY journal (ordering, persistence_id, sequence_nr, created, tags, manifest, payload, writer) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                hasTags |= e.Tags is { Count: > 0 };
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(first + i, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.PersistenceId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.SequenceNr, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(created, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(JournalTags.Encode(e.Tags), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Manifest, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Payload, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(e.Writer, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!hasTags) return;
        await using (var copy = await connection.BeginBinaryImportAsync("COPY tags (tag, ordering) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < events.Count; i++)
            {
                foreach (var tag in JournalTags.Distinct(events[i].Tags))
                {
                    await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(tag, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(first + i, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Inside the append's transaction: the latest snapshot per entity upserted, the entity's older ones dropped.</summary>
    private static async Task SaveSnapshotsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<SnapshotWrite> snapshots, CancellationToken cancellationToken)
    {
        // ON CONFLICT may touch a row once per statement: keep one snapshot per entity, its latest.
        var latest = new Dictionary<string, SnapshotWrite>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            if (!latest.TryGetValue(snapshot.PersistenceId, out var kept) || kept.SequenceNr <= snapshot.SequenceNr)
            {
                latest[snapshot.PersistenceId] = snapshot;
            }
        }

        var ids = new string[latest.Count];
        var sequenceNrs = new long[latest.Count];
        var payloads = new byte[latest.Count][];
        var i = 0;
        foreach (var snapshot in latest.Values)
        {
            ids[i] = snapshot.PersistenceId;
            sequenceNrs[i] = snapshot.SequenceNr;
            payloads[i] = snapshot.Payload;
            i++;
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO snapshots (persistence_id, sequence_nr, created, payload)
            SELECT pid, seq, @created, payload FROM unnest(@pids, @seqs, @payloads) AS n(pid, seq, payload)
            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET created = EXCLUDED.created, payload = EXCLUDED.payload;
            DELETE FROM snapshots s USING unnest(@pids, @seqs) AS n(pid, seq) WHERE s.persistence_id = n.pid AND s.sequence_nr < n.seq;
            """,
            connection,
            tx);
        command.Parameters.AddWithValue("created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("pids", ids);
        command.Parameters.AddWithValue("seqs", sequenceNrs);
        command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = payloads });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task UpsertOffsetsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken)
    {
        // ON CONFLICT may touch a row once per statement, so keep the last offset per key (later entries are newer).
        var latest = new Dictionary<(string, string, int), long>();
        foreach (var o in offsets) latest[(o.Group, o.Topic, o.Partition)] = o.Offset;
        var groups = new string[latest.Count];
        var topics = new string[latest.Count];
        var partitions = new int[latest.Count];
        var values = new long[latest.Count];
        var i = 0;
        foreach (var ((group, topic, partition), offset) in latest)
        {
            groups[i] = group;
            topics[i] = topic;
            partitions[i] = partition;
            values[i] = offset;
            i++;
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO consumer_offsets ("group", topic, partition, "offset")
            SELECT * FROM unnest(@groups, @topics, @partitions, @offsets)
            ON CONFLICT ("group", topic, partition) DO UPDATE SET "offset" = EXCLUDED."offset"
            """,
            connection,
            tx);
        command.Parameters.AddWithValue("groups", groups);
        command.Parameters.AddWithValue("topics", topics);
        command.Parameters.AddWithValue("partitions", partitions);
        command.Parameters.AddWithValue("offsets", values);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<IReadOnlyList<ConsumerOffset>> ReadOffsetsAsync(string group, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT topic, partition, \"offset\" FROM consumer_offsets WHERE \"group\" = @group ORDER BY topic, partition");
        command.Parameters.AddWithValue("group", group);
        var result = new List<ConsumerOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            result.Add(new ConsumerOffset(group, reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        return result;
    }

    public override async ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT COALESCE(MAX(sequence_nr), 0) FROM journal WHERE persistence_id = @pid");
        command.Parameters.AddWithValue("pid", persistenceId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public override async ValueTask<long> ReadHighestOrderingAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT COALESCE(MAX(ordering), 0) FROM journal");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public override async ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("UPDATE journal SET deleted = TRUE WHERE persistence_id = @pid AND sequence_nr <= @to AND NOT deleted");
        command.Parameters.AddWithValue("pid", persistenceId);
        command.Parameters.AddWithValue("to", toSequenceNr);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask SaveSnapshotAsync(string persistenceId, long sequenceNr, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, tx);
        var upsert = new NpgsqlBatchCommand(
            """
            INSERT INTO snapshots (persistence_id, sequence_nr, created, payload) VALUES (@pid, @seq, @created, @payload)
            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET created = EXCLUDED.created, payload = EXCLUDED.payload
            """);
        upsert.Parameters.AddWithValue("pid", persistenceId);
        upsert.Parameters.AddWithValue("seq", sequenceNr);
        upsert.Parameters.AddWithValue("created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        upsert.Parameters.AddWithValue("payload", payload);
        var prune = new NpgsqlBatchCommand("DELETE FROM snapshots WHERE persistence_id = @pid AND sequence_nr < @seq");
        prune.Parameters.AddWithValue("pid", persistenceId);
        prune.Parameters.AddWithValue("seq", sequenceNr);
        batch.BatchCommands.Add(upsert);
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT sequence_nr, created, payload FROM snapshots WHERE persistence_id = @pid ORDER BY sequence_nr DESC LIMIT 1");
        command.Parameters.AddWithValue("pid", persistenceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new SnapshotRecord(persistenceId, reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
    }

    protected override string Parameter(string name) => "@" + name;

    protected override string LiveRow => "NOT j.deleted";

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    protected override async ValueTask<List<JournalEvent>> QueryPageAsync(
        string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, int limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(sql);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(Parameter(name), value);
            }

            var page = new List<JournalEvent>(Math.Min(limit, 1024));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                page.Add(ReadEvent(reader));
            }

            return page;
        }
        catch (NpgsqlException e) when (IsUnavailable(e))
        {
            throw new JournalUnavailableException("PostgreSQL journal is unreachable: " + e.Message, e);
        }
    }

    [GeneratedRegex(@"\(persistence_id, sequence_nr\)=\((.*), (\d+)\)")]
    private static partial Regex DuplicateKeyDetail();
}
