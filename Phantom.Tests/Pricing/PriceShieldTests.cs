using FsCheck;
using FsCheck.Fluent;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class PriceShieldTests
{
    private static readonly ShieldOptions Options = new() { Floor = 0.5, Cap = 2.0, MaxChange = 0.25, ChangeInterval = TimeSpan.FromMinutes(1) };
    private readonly PriceShield _shield = new(Options);

    [Theory]
    [InlineData(double.NaN, ShieldVerdict.NonFinite)]
    [InlineData(double.PositiveInfinity, ShieldVerdict.NonFinite)]
    [InlineData(double.NegativeInfinity, ShieldVerdict.NonFinite)]
    [InlineData(49.99, ShieldVerdict.OutOfBounds)]
    [InlineData(200.01, ShieldVerdict.OutOfBounds)]
    [InlineData(-10, ShieldVerdict.OutOfBounds)]
    [InlineData(50, ShieldVerdict.Accepted)]
    [InlineData(200, ShieldVerdict.Accepted)]
    [InlineData(137.5, ShieldVerdict.Accepted)]
    public void Apply_NoQuote_VerdictByBounds(double proposed, ShieldVerdict expected)
    {
        var price = _shield.Apply(proposed, 100, 3, LastQuote.None, 0, out var verdict);

        Assert.Equal(expected, verdict);
        Assert.Equal(expected == ShieldVerdict.Accepted ? proposed : 100, price);
    }

    [Fact]
    public void Apply_JumpAboveMaxChangeWithinInterval_FallsBackToBase()
    {
        // Last quote 120 at t = 0; 151 is +25.8 % > 25 %.
        var price = _shield.Apply(151, 100, 3, new LastQuote(3, 120, 0), 59_000, out var verdict);

        Assert.Equal(ShieldVerdict.ChangeTooLarge, verdict);
        Assert.Equal(100, price);
    }

    [Fact]
    public void Apply_JumpAtMaxChange_Accepted()
    {
        var price = _shield.Apply(150, 100, 3, new LastQuote(3, 120, 0), 60_000, out var verdict);

        Assert.Equal(ShieldVerdict.Accepted, verdict);
        Assert.Equal(150, price);
    }

    [Fact]
    public void Apply_JumpAfterInterval_Accepted()
    {
        var price = _shield.Apply(190, 100, 3, new LastQuote(3, 120, 0), 60_001, out var verdict);

        Assert.Equal(ShieldVerdict.Accepted, verdict);
        Assert.Equal(190, price);
    }

    [Fact]
    public void Apply_JumpOnOtherProduct_Accepted()
    {
        _shield.Apply(190, 100, 4, new LastQuote(3, 120, 0), 1_000, out var verdict);

        Assert.Equal(ShieldVerdict.Accepted, verdict);
    }

    [Fact]
    public void Apply_QuoteSlightlyInTheFuture_StillBinds()
    {
        _shield.Apply(190, 100, 3, new LastQuote(3, 120, 5_000), 1_000, out var verdict);

        Assert.Equal(ShieldVerdict.ChangeTooLarge, verdict);
    }

    [Fact]
    public void Apply_ExtremeTimestamps_DoesNotThrow()
    {
        _shield.Apply(120, 100, 3, new LastQuote(3, 120, long.MinValue), long.MaxValue, out var verdict);

        Assert.Equal(ShieldVerdict.Accepted, verdict);
    }

    [Fact]
    public void Apply_AnyProposalAgainstRecentQuote_AcceptedOnlyWithinChangeBound()
    {
        var cases = from proposed in PricingInputs.HostileDouble
                    from lastCents in Gen.Choose(5_000, 20_000)
                    from age in Gen.Choose(-60_000, 60_000)
                    select (proposed, last: lastCents / 100.0, age);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var price = _shield.Apply(c.proposed, 100, 7, new LastQuote(7, c.last, 1_000_000), 1_000_000 + c.age, out var verdict);
            return verdict == ShieldVerdict.Accepted
                ? Math.Abs(price - c.last) <= Options.MaxChange * c.last && price == c.proposed
                : price == 100;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(1.1, 2.0)]
    [InlineData(0.5, 0.9)]
    [InlineData(-0.1, 2.0)]
    [InlineData(0.5, double.PositiveInfinity)]
    public void Constructor_BoundsExcludingBase_Throws(double floor, double cap)
    {
        Assert.Throws<ArgumentException>(() => new PriceShield(new ShieldOptions { Floor = floor, Cap = cap }));
    }
}
