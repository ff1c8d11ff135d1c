using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class PolicyRegistryTests
{
    [Fact]
    public void Create_UnknownName_ErrorListsKnownPolicies()
    {
        var error = Assert.Throws<ArgumentException>(() => PolicyRegistry.Create("qtable-live", new PricingOptions(), 4));

        Assert.Contains("qtable-live", error.Message);
        foreach (var name in new[] { "static", "surge", "elasticity", "session-aware" })
        {
            Assert.Contains(name, error.Message);
        }
    }

    [Theory]
    [InlineData("static", typeof(StaticPricingPolicy))]
    [InlineData("surge", typeof(SurgePricingPolicy))]
    [InlineData("elasticity", typeof(ElasticityPricingPolicy))]
    [InlineData("session-aware", typeof(SessionAwarePricingPolicy))]
    public void Create_KnownName_PolicyWithThatNameAndId(string name, Type type)
    {
        var policy = PolicyRegistry.Create(name, new PricingOptions(), 4);

        Assert.IsType(type, policy);
        Assert.Equal(name, policy.Name);
        Assert.Equal(name, PolicyRegistry.NameOf(policy.Id));
    }

    [Fact]
    public void NameOf_UnusedId_Unknown()
    {
        Assert.Equal("unknown", PolicyRegistry.NameOf(200));
    }
}
