using Phantom.Streams.Cluster;
using Phantom.Streams.Configuration;

namespace Phantom.Tests.Membership;

/// <summary><c>phantom.cluster</c>: reference defaults, the cluster overlay, and overrides reaching the options.</summary>
public sealed class ClusterOptionsTests
{
    [Fact]
    public void Build_Reference_DefaultsOfClusterOptions()
    {
        var options = new PhantomConfiguration().Build(new Dictionary<string, string>()).Cluster;
        var defaults = new ClusterOptions();

        Assert.Equal(
            (defaults.Name, defaults.NodeId, defaults.AdvertiseAddress, defaults.HeartbeatInterval, defaults.UnreachableAfter, defaults.Connection, defaults.ForwardTimeout),
            (options.Name, options.NodeId, options.AdvertiseAddress, options.HeartbeatInterval, options.UnreachableAfter, options.Connection, options.ForwardTimeout));
        Assert.Empty(options.Roles);
    }

    [Fact]
    public void Build_ClusterOverlay_UnreachableAfterBeyondTheKafkaSessionTimeout()
    {
        var options = new PhantomConfiguration().AddOverlay("cluster").Build(new Dictionary<string, string>());

        Assert.Equal(TimeSpan.FromSeconds(1), options.Cluster.HeartbeatInterval);
        Assert.True(options.Cluster.UnreachableAfter > options.Kafka.SessionTimeout);
    }

    [Fact]
    public void Build_EnvironmentAndOverrides_ReachRolesAndNodeId()
    {
        var options = new PhantomConfiguration()
            .Set("phantom.cluster.node-id", "node-7")
            .Build(new Dictionary<string, string> { ["PHANTOM_CLUSTER__ROLES"] = "[pricing, ingest]" });

        Assert.Equal("node-7", options.Cluster.NodeId);
        Assert.Equal(["pricing", "ingest"], options.Cluster.Roles);
    }
}
