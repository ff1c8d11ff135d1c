namespace Phantom.Tests.Infrastructure;

/// <summary>The Kafka test classes: one shared mock cluster, run one class at a time (they each start many threads).</summary>
[CollectionDefinition(Name)]
public sealed class KafkaMockClusterCollection : ICollectionFixture<KafkaMockClusterFixture>
{
    public const string Name = "kafka-mock-cluster";
}
