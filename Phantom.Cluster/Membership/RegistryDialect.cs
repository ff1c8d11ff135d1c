using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Phantom.Cluster.Membership;

/// <summary>
/// What differs between SQLite and PostgreSQL for <see cref="SqlNodeRegistry"/>; the statements themselves are shared
/// (both take <c>@name</c> parameters, <c>ON CONFLICT</c> upserts and <c>RETURNING</c>).
/// </summary>
internal abstract class RegistryDialect
{
    /// <summary>The autoincrementing key column of the events table.</summary>
    public abstract string SequenceColumn { get; }

    /// <summary>Appended to a SELECT that must lock the rows it reads until the transaction ends.</summary>
    public abstract string ForUpdate { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A write transaction that excludes other writers from its start (SQLite: BEGIN IMMEDIATE).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Taken right before an event is inserted and held to commit, so events commit in <c>seq</c> order and a reader
    /// tailing by seq never skips one that commits late (SQLite has a single writer already).
    /// </summary>
    public abstract Task LockEventsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Serialises schema creation between processes starting together.</summary>
    public abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>SQLite: a file in WAL mode with a busy timeout (several processes may share it), or a private in-memory database.</summary>
    internal sealed class Sqlite : RegistryDialect
    {
        private readonly string _connectionString;

        // An in-memory database lives as long as one connection to it is open.
        private readonly SqliteConnection? _keepAlive;

        static Sqlite() => SQLitePCL.Batteries_V2.Init();

        public Sqlite(string? path)
        {
            if (path is null)
            {
                _connectionString = new SqliteConnectionStringBuilder
                {
                    DataSource = "phantom-cluster-" + Guid.NewGuid().ToString("N"),
                    Mode = SqliteOpenMode.Memory,
                    Cache = SqliteCacheMode.Shared,
                }.ToString();
                _keepAlive = new SqliteConnection(_connectionString);
                _keepAlive.Open();
                return;
            }

            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL";
            wal.ExecuteNonQuery();
        }

        public override string SequenceColumn => "seq INTEGER PRIMARY KEY AUTOINCREMENT";

        public override string ForUpdate => "";

        public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var busy = connection.CreateCommand();
            // Other processes (and the journal's writer) hold the write lock for a transaction at a time: wait, not fail.
            busy.CommandText = "PRAGMA busy_timeout=30000";
            await busy.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }

        public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

        public override Task LockEventsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

        public override ValueTask DisposeAsync()
        {
            _keepAlive?.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>PostgreSQL through Npgsql; advisory transaction locks order event inserts and schema creation.</summary>
    internal sealed class Postgres(string connectionString) : RegistryDialect
    {
        // Arbitrary constants naming the two advisory locks (they only need to differ from other users' locks).
        private const long SchemaLock = 0x5048_414E_0001;
        private const long EventsLock = 0x5048_414E_0002;

        private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

        public override string SequenceColumn => "seq BIGSERIAL PRIMARY KEY";

        public override string ForUpdate => " FOR UPDATE";

        public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
            await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        public override Task LockEventsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
            Lock(connection, transaction, EventsLock, cancellationToken);

        public override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
            Lock(connection, transaction, SchemaLock, cancellationToken);

        public override async ValueTask DisposeAsync() => await _source.DisposeAsync().ConfigureAwait(false);

        private static async Task Lock(DbConnection connection, DbTransaction transaction, long key, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT pg_advisory_xact_lock({key})";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
