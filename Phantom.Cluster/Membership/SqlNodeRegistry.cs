using System.Data.Common;
using System.Globalization;

namespace Phantom.Cluster.Membership;

/// <summary>
/// <see cref="INodeRegistry"/> on SQL: tables <c>phantom_cluster_nodes</c> (one row per node and cluster) and
/// <c>phantom_cluster_events</c> (the membership log), created when missing, in the journal's database by default.
/// Times are Unix milliseconds of the writing node's clock. One statement set serves SQLite and PostgreSQL
/// (<see cref="RegistryDialect"/> holds the differences); <see cref="NodeRegistryFactory"/> picks the dialect.
/// </summary>
public sealed class SqlNodeRegistry : INodeRegistry
{
    private const string Columns = "id, address, roles, version, started, last_heartbeat, status, shards, entities, lag, events_per_second";

    private readonly RegistryDialect _dialect;

    private SqlNodeRegistry(RegistryDialect dialect, string cluster)
    {
        _dialect = dialect;
        Cluster = cluster;
    }

    public string Cluster { get; }

    internal static async Task<SqlNodeRegistry> OpenAsync(RegistryDialect dialect, string cluster, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        var registry = new SqlNodeRegistry(dialect, cluster);
        try
        {
            await registry.CreateSchemaAsync(cancellationToken).ConfigureAwait(false);
            return registry;
        }
        catch
        {
            await dialect.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task RegisterAsync(NodeRecord node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        await WriteAsync(async (connection, tx) =>
        {
            await ExecuteAsync(connection, tx,
                $"""
                INSERT INTO phantom_cluster_nodes (cluster, {Columns})
                VALUES (@cluster, @id, @address, @roles, @version, @started, @heartbeat, @status, @shards, @entities, @lag, @eps)
                ON CONFLICT (cluster, id) DO UPDATE SET address = excluded.address, roles = excluded.roles,
                    version = excluded.version, started = excluded.started, last_heartbeat = excluded.last_heartbeat,
                    status = excluded.status, shards = excluded.shards, entities = excluded.entities, lag = excluded.lag,
                    events_per_second = excluded.events_per_second
                """,
                cancellationToken,
                ("cluster", Cluster), ("id", node.Id), ("address", node.Address), ("roles", string.Join(',', node.Roles)),
                ("version", node.Version), ("started", node.Started.ToUnixTimeMilliseconds()),
                ("heartbeat", node.LastHeartbeat.ToUnixTimeMilliseconds()), ("status", MemberStatus.Joining),
                ("shards", ShardList(node.Shards)), ("entities", node.Entities), ("lag", node.Lag), ("eps", node.EventsPerSecond)).ConfigureAwait(false);
            await InsertEventAsync(connection, tx, node.Id, MemberEventKind.Joined,
                $"address {node.Address}, roles {string.Join(',', node.Roles)}, version {node.Version}", cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<HeartbeatOutcome> HeartbeatAsync(NodeRecord node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        return WriteAsync(async (connection, tx) =>
        {
            var status = await StatusOfAsync(connection, tx, node.Id, cancellationToken).ConfigureAwait(false);
            if (status is null || MemberStatus.IsGone(status))
            {
                return HeartbeatOutcome.NotMember;
            }

            var back = status == MemberStatus.Unreachable;
            await ExecuteAsync(connection, tx,
                """
                UPDATE phantom_cluster_nodes SET address = @address, last_heartbeat = @heartbeat, shards = @shards,
                    entities = @entities, lag = @lag, events_per_second = @eps, status = @status
                WHERE cluster = @cluster AND id = @id
                """,
                cancellationToken,
                ("cluster", Cluster), ("id", node.Id), ("address", node.Address), ("heartbeat", node.LastHeartbeat.ToUnixTimeMilliseconds()),
                ("shards", ShardList(node.Shards)), ("entities", node.Entities), ("lag", node.Lag), ("eps", node.EventsPerSecond),
                ("status", back ? MemberStatus.Up : status)).ConfigureAwait(false);
            if (back)
            {
                await InsertEventAsync(connection, tx, node.Id, MemberEventKind.Reachable, "heartbeating again", cancellationToken).ConfigureAwait(false);
                return HeartbeatOutcome.Reachable;
            }

            return HeartbeatOutcome.Recorded;
        }, cancellationToken);
    }

    public Task<bool> SetStatusAsync(string node, string status, string kind, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentException.ThrowIfNullOrEmpty(status);
        return WriteAsync(async (connection, tx) =>
        {
            var changed = await ExecuteAsync(connection, tx,
                "UPDATE phantom_cluster_nodes SET status = @status WHERE cluster = @cluster AND id = @id",
                cancellationToken, ("cluster", Cluster), ("id", node), ("status", status)).ConfigureAwait(false);
            if (changed == 0)
            {
                return false;
            }

            await InsertEventAsync(connection, tx, node, kind, detail, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<MemberEvent> RecordAsync(string node, string kind, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return WriteAsync((connection, tx) => InsertEventAsync(connection, tx, node, kind, detail ?? "", cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM phantom_cluster_nodes WHERE cluster = @cluster ORDER BY id", ("cluster", Cluster));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var nodes = new List<NodeRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(new NodeRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries),
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.GetString(6),
                ParseShards(reader.GetString(7)),
                reader.GetInt64(8),
                reader.GetInt64(9),
                reader.GetDouble(10)));
        }

        return nodes;
    }

    public async Task<IReadOnlyList<MemberEvent>> EventsAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT seq, at, node, kind, detail FROM phantom_cluster_events WHERE cluster = @cluster AND seq > @after ORDER BY seq LIMIT @limit",
            ("cluster", Cluster), ("after", after), ("limit", (long)limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<MemberEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new MemberEvent(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return events;
    }

    public Task<IReadOnlyList<string>> MarkUnreachableAsync(DateTimeOffset heartbeatBefore, string noticedBy, CancellationToken cancellationToken = default) =>
        WriteAsync<IReadOnlyList<string>>(async (connection, tx) =>
        {
            // The conditional UPDATE is the decision: a second node running this at once waits for the first's row
            // locks (PostgreSQL) or its write transaction (SQLite), then finds the status changed and updates nothing.
            var marked = new List<string>();
            await using (var command = Command(connection, tx,
                $"""
                UPDATE phantom_cluster_nodes SET status = '{MemberStatus.Unreachable}'
                WHERE cluster = @cluster AND status IN ('{MemberStatus.Joining}', '{MemberStatus.Up}', '{MemberStatus.Leaving}') AND last_heartbeat < @before
                RETURNING id
                """,
                ("cluster", Cluster), ("before", heartbeatBefore.ToUnixTimeMilliseconds())))
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    marked.Add(reader.GetString(0));
                }
            }

            marked.Sort(StringComparer.Ordinal);
            foreach (var node in marked)
            {
                await InsertEventAsync(connection, tx, node, MemberEventKind.Unreachable, $"no heartbeat since {heartbeatBefore:O}; noticed by {noticedBy}", cancellationToken).ConfigureAwait(false);
            }

            return marked;
        }, cancellationToken);

    public Task<DownOutcome> DownAsync(string node, DateTimeOffset heartbeatBefore, string by, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        return WriteAsync(async (connection, tx) =>
        {
            long heartbeat;
            string status;
            await using (var command = Command(connection, tx,
                $"SELECT status, last_heartbeat FROM phantom_cluster_nodes WHERE cluster = @cluster AND id = @id{_dialect.ForUpdate}",
                ("cluster", Cluster), ("id", node)))
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return DownOutcome.NotFound;
                }

                status = reader.GetString(0);
                heartbeat = reader.GetInt64(1);
            }

            if (MemberStatus.IsGone(status))
            {
                return DownOutcome.AlreadyGone;
            }

            if (heartbeat >= heartbeatBefore.ToUnixTimeMilliseconds())
            {
                return DownOutcome.StillHeartbeating;
            }

            await ExecuteAsync(connection, tx, $"UPDATE phantom_cluster_nodes SET status = '{MemberStatus.Down}', shards = '' WHERE cluster = @cluster AND id = @id",
                cancellationToken, ("cluster", Cluster), ("id", node)).ConfigureAwait(false);
            await InsertEventAsync(connection, tx, node, MemberEventKind.Down, $"downed by {by} (was {status})", cancellationToken).ConfigureAwait(false);
            return DownOutcome.Downed;
        }, cancellationToken);
    }

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    internal static string ShardList(IReadOnlyList<int> shards) => string.Join(',', shards.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    internal static int[] ParseShards(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, tx) =>
        {
            await _dialect.LockSchemaAsync(connection, tx, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx,
                """
                CREATE TABLE IF NOT EXISTS phantom_cluster_nodes (
                    cluster           TEXT             NOT NULL,
                    id                TEXT             NOT NULL,
                    address           TEXT             NOT NULL,
                    roles             TEXT             NOT NULL,
                    version           TEXT             NOT NULL,
                    started           BIGINT           NOT NULL,
                    last_heartbeat    BIGINT           NOT NULL,
                    status            TEXT             NOT NULL,
                    shards            TEXT             NOT NULL,
                    entities          BIGINT           NOT NULL,
                    lag               BIGINT           NOT NULL,
                    events_per_second DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (cluster, id))
                """, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx,
                $"""
                CREATE TABLE IF NOT EXISTS phantom_cluster_events (
                    {_dialect.SequenceColumn},
                    cluster TEXT   NOT NULL,
                    at      BIGINT NOT NULL,
                    node    TEXT   NOT NULL,
                    kind    TEXT   NOT NULL,
                    detail  TEXT   NOT NULL)
                """, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, "CREATE INDEX IF NOT EXISTS phantom_cluster_events_cluster ON phantom_cluster_events (cluster, seq)", cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var result = await work(connection, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<string?> StatusOfAsync(DbConnection connection, DbTransaction tx, string node, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx,
            $"SELECT status FROM phantom_cluster_nodes WHERE cluster = @cluster AND id = @id{_dialect.ForUpdate}", ("cluster", Cluster), ("id", node));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private async Task<MemberEvent> InsertEventAsync(DbConnection connection, DbTransaction tx, string node, string kind, string detail, CancellationToken cancellationToken)
    {
        await _dialect.LockEventsAsync(connection, tx, cancellationToken).ConfigureAwait(false);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await using var command = Command(connection, tx,
            "INSERT INTO phantom_cluster_events (cluster, at, node, kind, detail) VALUES (@cluster, @at, @node, @kind, @detail) RETURNING seq",
            ("cluster", Cluster), ("at", at.ToUnixTimeMilliseconds()), ("node", node), ("kind", kind), ("detail", detail));
        var seq = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        return new MemberEvent(seq, at, node, kind, detail);
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
