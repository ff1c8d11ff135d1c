using Phantom.Cluster.Membership;

namespace Phantom.Tests.Membership;

/// <summary>A node's default id and advertised address.</summary>
public sealed class NodeIdentityTests
{
    [Fact]
    public void Address_WildcardBinding_MachineNameInstead()
    {
        var host = System.Net.Dns.GetHostName();

        Assert.Equal($"http://{host}:5000", NodeIdentity.Address("", ["http://0.0.0.0:5000"]));
        Assert.Equal($"http://{host}:5001", NodeIdentity.Address("", ["http://+:5001"]));
        Assert.Equal("http://127.0.0.1:5002", NodeIdentity.Address("", ["http://127.0.0.1:5002/"]));
    }

    [Fact]
    public void AddressAndId_Configured_TakenAsGiven()
    {
        Assert.Equal("http://node-1:5000", NodeIdentity.Address(" http://node-1:5000/ ", ["http://0.0.0.0:5000"]));
        Assert.Equal("node-1", NodeIdentity.Id("node-1", "http://x:1"));
        Assert.Equal("127.0.0.1:5003", NodeIdentity.Id("", "http://127.0.0.1:5003"));
        Assert.Equal("node-2:5000", NodeIdentity.Id("", "http://node-2:5000"));
    }

    [Fact]
    public void Address_NothingBound_ErrorNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NodeIdentity.Address("", []));
        Assert.Contains("phantom.cluster.advertise-address", error.Message, StringComparison.Ordinal);
    }
}
