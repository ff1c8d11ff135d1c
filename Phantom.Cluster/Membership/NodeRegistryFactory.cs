using Phantom.Streams.Cluster;
using Phantom.Streams.Journal;

namespace Phantom.Cluster.Membership;

/// <summary>Opens the registry <c>phantom.cluster.connection</c> names (or the journal's, or an in-memory one).</summary>
public static class NodeRegistryFactory
{
    /// <summary>
    /// PostgreSQL for a PostgreSQL connection string, SQLite for a path; <paramref name="journalConnection"/> when the
    /// cluster's own connection is empty; a private in-memory SQLite registry when both are.
    /// </summary>
    public static Task<SqlNodeRegistry> OpenAsync(ClusterOptions options, string journalConnection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = string.IsNullOrWhiteSpace(options.Connection) ? journalConnection : options.Connection;
        return OpenAsync(connection, options.Name, cancellationToken);
    }

    /// <summary>The registry of cluster <paramref name="cluster"/> at <paramref name="connection"/> (empty: in memory).</summary>
    public static Task<SqlNodeRegistry> OpenAsync(string? connection, string cluster, CancellationToken cancellationToken = default)
    {
        RegistryDialect dialect = string.IsNullOrWhiteSpace(connection) ? new RegistryDialect.Sqlite(null)
            : JournalFactory.IsPostgres(connection) ? new RegistryDialect.Postgres(JournalFactory.ToKeyValue(connection))
            : new RegistryDialect.Sqlite(connection);
        return SqlNodeRegistry.OpenAsync(dialect, cluster, cancellationToken);
    }
}
