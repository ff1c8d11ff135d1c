using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Membership;

/// <summary>The registry contract on the shared throw-away PostgreSQL server, one database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresNodeRegistryTests(PostgresServer server) : NodeRegistryContractTests
{
    private string? _connection;

    protected override string Connection => _connection ?? throw new InvalidOperationException("not initialised");

    public override async Task InitializeAsync() => _connection = await server.CreateDatabaseAsync("registry");
}
