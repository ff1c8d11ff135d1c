namespace Phantom.Cluster.Node;

/// <summary>What <c>phantom node</c> was asked for on the command line (unset values come from the configuration).</summary>
internal sealed class NodeRequest
{
    /// <summary>One address for every route (sets both <c>phantom.http.pricing-url</c> and <c>ingest-url</c>).</summary>
    public string? Http { get; init; }

    /// <summary><c>phantom.redis.configuration</c>; empty string: no Redis.</summary>
    public string? Redis { get; init; }

    /// <summary>Bootstrap servers: consume, publish and produce through Kafka; null runs on in-process ingest.</summary>
    public string? Kafka { get; init; }

    /// <summary><c>phantom.journal.connection</c>: a SQLite path or PostgreSQL connection string; empty string: no journal.</summary>
    public string? Journal { get; init; }

    public string? ApiKey { get; init; }

    public FileInfo? Config { get; init; }

    public int? Partitions { get; init; }

    public string? Policy { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    public bool Quiet { get; init; }
}
