namespace Phantom.Tests.Infrastructure;

/// <summary>Tests marked <c>[Collection(PostgresCollection.Name)]</c> share one <see cref="PostgresServer"/> for the run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
