namespace Phantom.Cluster.Http;

/// <summary>The topics the ingest routes publish to (CONTRACTS.md "Kafka topics").</summary>
public static class IngestTopics
{
    public const string Interactions = "user-interactions";

    public const string PriceLogs = "price-logs";
}
