using Phantom.Training.Policies;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Policies;

public class PricingTierRegistryTests
{
    [Fact]
    public void Create_UnknownTier_FailsListingSupportedTiers()
    {
        var registry = PricingTierRegistry.CreateDefault();
        var error = Assert.Throws<ArgumentException>(() => registry.Create("dqn", new SimulatorOptions()));
        Assert.Contains("'dqn'", error.Message);
        Assert.Contains("static, surge, linear, qtable, ppo", error.Message);
    }

    [Fact]
    public void Register_NewTier_IsCreatableByName()
    {
        var registry = PricingTierRegistry.CreateDefault();
        registry.Register("ppo", o => new StaticPolicy(o));
        Assert.True(registry.Contains("PPO"));
        Assert.IsType<StaticPolicy>(registry.Create("ppo", new SimulatorOptions()));
        Assert.Equal(["static", "surge", "linear", "qtable", "ppo"], registry.Names);
    }
}
