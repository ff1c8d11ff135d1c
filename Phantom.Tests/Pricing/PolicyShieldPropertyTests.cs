using FsCheck;
using FsCheck.Fluent;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class PolicyShieldPropertyTests
{
    private static readonly PricingOptions Options = new();

    public static TheoryData<string> Policies => new(PolicyRegistry.Names);

    [Theory]
    [MemberData(nameof(Policies))]
    public void SessionPrice_AnyInputThroughShield_FiniteAndWithinBounds(string name)
    {
        var policy = PolicyRegistry.Create(name, Options, 32);
        var shield = new PriceShield(Options.Shield);
        var cases = from input in PricingInputs.Input
                    from quote in PricingInputs.Quote
                    from now in Gen.Choose(-100_000, 100_000)
                    select (input, quote, now: (long)now);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var price = shield.Apply(policy.SessionPrice(c.input), c.input.BasePrice, c.input.ProductIndex, c.quote, c.now, out _);
            return InBounds(price, c.input.BasePrice);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void GlobalPrice_AnyInputAndObservationsThroughShield_FiniteAndWithinBounds(string name)
    {
        var policy = PolicyRegistry.Create(name, Options, 32);
        var shield = new PriceShield(Options.Shield);
        var cases = from input in PricingInputs.Input
                    from observations in Gen.ArrayOf(PricingInputs.HostileDouble, 60)
                    select (input, observations);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            for (var i = 0; i + 1 < c.observations.Length; i += 2)
            {
                policy.Observe(c.input.ProductIndex, c.observations[i], c.observations[i + 1]);
            }

            var price = shield.ApplyBounds(policy.GlobalPrice(c.input), c.input.BasePrice, out _);
            return InBounds(price, c.input.BasePrice);
        }).QuickCheckThrowOnFailure();
    }

    private static bool InBounds(double price, double basePrice) =>
        double.IsFinite(price) && price >= Options.Shield.Floor * basePrice && price <= Options.Shield.Cap * basePrice;
}
