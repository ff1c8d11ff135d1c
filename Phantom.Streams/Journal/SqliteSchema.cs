using Microsoft.Data.Sqlite;

namespace Phantom.Streams.Journal;

/// <summary>
/// The SQLite schema as numbered migrations, applied at start-up inside one IMMEDIATE transaction (so two processes
/// opening the same file do not race); <c>schema_version</c> records each applied step.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE journal (
            ordering       INTEGER PRIMARY KEY AUTOINCREMENT,
            persistence_id TEXT    NOT NULL,
            sequence_nr    INTEGER NOT NULL,
            created        INTEGER NOT NULL,
            tags           TEXT    NOT NULL DEFAULT '',
            manifest       TEXT    NOT NULL DEFAULT '',
            payload        BLOB    NOT NULL,
            writer         TEXT    NOT NULL DEFAULT '',
            deleted        INTEGER NOT NULL DEFAULT 0,
            CONSTRAINT journal_pid_seq UNIQUE (persistence_id, sequence_nr));
        CREATE TABLE tags (
            tag      TEXT    NOT NULL,
            ordering INTEGER NOT NULL,
            PRIMARY KEY (tag, ordering)) WITHOUT ROWID;
        CREATE TABLE snapshots (
            persistence_id TEXT    NOT NULL,
            sequence_nr    INTEGER NOT NULL,
            created        INTEGER NOT NULL,
            payload        BLOB    NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr)) WITHOUT ROWID;
        CREATE TABLE consumer_offsets (
            "group"   TEXT    NOT NULL,
            topic     TEXT    NOT NULL,
            partition INTEGER NOT NULL,
            "offset"  INTEGER NOT NULL,
            PRIMARY KEY ("group", topic, partition)) WITHOUT ROWID;
        """,
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Migrations.Length;

    public static void Migrate(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        Execute(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)");
        using var current = connection.CreateCommand();
        current.Transaction = tx;
        current.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var version = Convert.ToInt32(current.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var v = version + 1; v <= Migrations.Length; v++)
        {
            Execute(connection, tx, Migrations[v - 1]);
            Execute(connection, tx, $"INSERT INTO schema_version (version, applied) VALUES ({v}, {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()})");
        }

        tx.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
