using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Phantom.Streams.Journal;

/// <summary>
/// A prepared statement driven through the raw SQLite API, bypassing ADO.NET's per-execution parameter lookup and
/// reader machinery: on the append path that overhead was most of the CPU per event. Single-threaded, like the write
/// connection it belongs to.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private const int SqliteDone = 101;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(sqlite3 db, string sql)
    {
        _db = db;
        var rc = raw.sqlite3_prepare_v2(db, sql, out _statement);
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));

    public void Bind(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Runs the statement to completion and resets it; a failure throws a <see cref="SqliteException"/> with the extended code.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == SqliteDone)
        {
            raw.sqlite3_reset(_statement);
            return;
        }

        var extended = raw.sqlite3_extended_errcode(_db);
        var message = raw.sqlite3_errmsg(_db).utf8_to_string();
        raw.sqlite3_reset(_statement);
        throw new SqliteException(message, rc, extended);
    }

    /// <summary>Drops bound values (so the statement does not pin caller data between executions).</summary>
    public void ClearBindings() => raw.sqlite3_clear_bindings(_statement);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
    }
}
