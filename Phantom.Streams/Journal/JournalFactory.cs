namespace Phantom.Streams.Journal;

/// <summary>Opens the journal named by <c>--journal</c> / <see cref="JournalOptions.Connection"/>.</summary>
public static class JournalFactory
{
    /// <summary>
    /// A PostgreSQL connection string (<c>postgres://</c>, <c>postgresql://</c>, or key=value pairs with <c>Host=</c>)
    /// opens a <see cref="PostgresJournal"/>; anything else is a SQLite file path.
    /// </summary>
    public static async ValueTask<IJournal> OpenAsync(JournalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = options.Connection;
        return IsPostgres(connection)
            ? await PostgresJournal.OpenAsync(ToKeyValue(connection), options, cancellationToken).ConfigureAwait(false)
            : await SqliteJournal.OpenAsync(connection, options, cancellationToken).ConfigureAwait(false);
    }

    public static bool IsPostgres(string connection) =>
        connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || connection.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>Npgsql takes key=value strings only; URLs (<c>postgres://user:pw@host:port/db</c>) are converted.</summary>
    public static string ToKeyValue(string connection)
    {
        if (!connection.Contains("://", StringComparison.Ordinal)) return connection;
        var uri = new Uri(connection);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }

        return builder.ToString();
    }
}
