using Phantom.Cluster.Cli;
using Phantom.Tests.Kafka;

namespace Phantom.Tests.ClusterRun;

public sealed class BenchClusterCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BenchCluster_WithoutJournal_FailsNamingTheFlag()
    {
        var (code, output, error) = await PhantomProcess.RunAsync(Patience, "bench", "cluster");

        Assert.Equal(ExitCodes.BadConfiguration, code);
        Assert.Contains("--journal", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCluster_SqliteJournal_FailsBecauseProcessesShareIt()
    {
        var (code, output, error) = await PhantomProcess.RunAsync(Patience, "bench", "cluster", "--journal", "journal.db");

        Assert.Equal(ExitCodes.BadConfiguration, code);
        Assert.Contains("PostgreSQL", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCluster_HeartbeatNotBelowSessionTimeout_FailsNamingTheKey()
    {
        var (code, output, error) = await PhantomProcess.RunAsync(Patience, "bench", "cluster", "--journal", "Host=127.0.0.1", "--session-timeout", "1s");

        Assert.Equal(ExitCodes.BadConfiguration, code);
        Assert.Contains("heartbeat-interval", output + error, StringComparison.Ordinal);
    }
}
