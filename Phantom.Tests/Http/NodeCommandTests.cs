using Phantom.Cluster;
using Phantom.Cluster.Node;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Http;

/// <summary><c>phantom node</c>: flag checks and a run that stops gracefully on cancellation.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class NodeCommandTests
{
    [Theory]
    [InlineData("--roles", "pricing", "juggler")]
    [InlineData("--http", "ftp://127.0.0.1:1", null)]
    public void Parse_BadFlag_ErrorNamesTheFlag(string flag, string value, string? second)
    {
        string[] args = second is null ? ["node", flag, value] : ["node", flag, value, second];

        var errors = Program.BuildRootCommand().Parse(args).Errors;

        Assert.Contains(errors, e => e.Message.Contains(flag, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_GoodFlags_NoErrors()
    {
        var parse = Program.BuildRootCommand().Parse(["node", "--http", "http://127.0.0.1:5000", "--redis", "127.0.0.1:6379", "--roles", "pricing", "ingest", "--api-key", "k"]);

        Assert.Empty(parse.Errors);
    }

    [Fact]
    public async Task Run_CancelledAfterStart_DrainsAndExitsInterrupted()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var code = await new NodeRunner(new NodeRequest { Http = "http://127.0.0.1:0", Redis = "", Partitions = 2, Quiet = true }).RunAsync(stop.Token);

        Assert.Equal(130, code);
    }

    [Fact]
    public async Task Run_BadRedisConfiguration_ExitsWithConfigurationError()
    {
        var code = await new NodeRunner(new NodeRequest { Http = "http://127.0.0.1:0", Redis = "password=only" }).RunAsync(CancellationToken.None);

        Assert.Equal(2, code);
    }
}
