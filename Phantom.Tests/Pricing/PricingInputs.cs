using FsCheck;
using FsCheck.Fluent;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

/// <summary>Generators of hostile pricing inputs for the property tests (not a test class).</summary>
internal static class PricingInputs
{
    /// <summary>Doubles biased towards the values that break arithmetic: NaN, ±∞, 0, negatives, huge and tiny.</summary>
    public static Gen<double> HostileDouble { get; } = Gen.OneOf(
        Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, -1.0, 1e308, -1e308,
            double.Epsilon, double.MaxValue, double.MinValue, 0.5, 1.0, 100.0),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 100.0),
        ArbMap.Default.GeneratorFor<double>());

    public static Gen<int> HostileInt { get; } = Gen.OneOf(
        Gen.Elements(int.MinValue, -2, -1, 0, 1, int.MaxValue),
        Gen.Choose(-100, 100));

    /// <summary>A valid base price (the catalog guarantees finite and positive) with everything else hostile.</summary>
    public static Gen<PricingInput> Input { get; } =
        from basePrice in Gen.Choose(1, 100_000_000).Select(i => i / 100.0)
        from values in Gen.ArrayOf(HostileDouble, 7)
        from ints in Gen.ArrayOf(HostileInt, 2)
        from product in Gen.Choose(-5, 20)
        select new PricingInput(product, basePrice, values[0], values[1], values[2], values[3], ints[0], ints[1], values[4], values[5]);

    public static Gen<LastQuote> Quote { get; } =
        from product in Gen.Choose(-1, 20)
        from price in HostileDouble
        from at in Gen.OneOf(Gen.Elements(long.MinValue, long.MaxValue, 0L), Gen.Choose(-200_000, 200_000).Select(i => (long)i))
        select new LastQuote(product, price, at);
}
