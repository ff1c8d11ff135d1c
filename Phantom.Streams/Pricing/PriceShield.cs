namespace Phantom.Streams.Pricing;

/// <summary>
/// The safety shield (ARCHITECTURE.md: every number that leaves a node is finite and inside the bounds). A pure
/// function of the proposal, the base price and the session's last quote, so it is testable without an entity.
/// A rejected proposal is replaced by the base price, not clamped: a policy that misbehaves should show the
/// baseline, and be counted, rather than pin customers to the cap.
/// </summary>
public sealed class PriceShield
{
    private readonly double _floor;
    private readonly double _cap;
    private readonly double _maxChange;
    private readonly long _changeIntervalMs;

    /// <exception cref="ArgumentException">Bounds that cannot hold the base price (Floor ≤ 1 ≤ Cap), or a negative change bound.</exception>
    public PriceShield(ShieldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The fallback is the base price, so the bounds must contain it, or the fallback itself would break them.
        if (!(options.Floor >= 0 && options.Floor <= 1 && options.Cap >= 1 && double.IsFinite(options.Cap)))
        {
            throw new ArgumentException($"phantom.pricing.shield needs 0 <= floor <= 1 <= cap < inf; got floor {options.Floor}, cap {options.Cap}");
        }

        if (!(options.MaxChange >= 0) || options.ChangeInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"phantom.pricing.shield needs max-change >= 0 and change-interval >= 0; got {options.MaxChange}, {options.ChangeInterval}");
        }

        _floor = options.Floor;
        _cap = options.Cap;
        _maxChange = options.MaxChange;
        _changeIntervalMs = (long)options.ChangeInterval.TotalMilliseconds;
    }

    /// <summary>
    /// The price to show for <paramref name="proposed"/>. <paramref name="basePrice"/> must be finite and positive
    /// (the catalog guarantees it; the policy stage prices nothing otherwise).
    /// </summary>
    public double Apply(double proposed, double basePrice, int productIndex, in LastQuote last, long nowMs, out ShieldVerdict verdict)
    {
        verdict = Check(proposed, basePrice, productIndex, last, nowMs);
        return verdict == ShieldVerdict.Accepted ? proposed : basePrice;
    }

    /// <summary>Why <paramref name="proposed"/> would be rejected, or <see cref="ShieldVerdict.Accepted"/>.</summary>
    public ShieldVerdict Check(double proposed, double basePrice, int productIndex, in LastQuote last, long nowMs)
    {
        if (!double.IsFinite(proposed))
        {
            return ShieldVerdict.NonFinite;
        }

        if (proposed < _floor * basePrice || proposed > _cap * basePrice)
        {
            return ShieldVerdict.OutOfBounds;
        }

        // Event time may arrive slightly out of order; a quote either side of now within the interval still binds.
        if (last.ProductIndex == productIndex && productIndex >= 0 && last.Price > 0 && double.IsFinite(last.Price)
            && WithinInterval(nowMs - last.AtMs)
            && Math.Abs(proposed - last.Price) > _maxChange * last.Price)
        {
            return ShieldVerdict.ChangeTooLarge;
        }

        return ShieldVerdict.Accepted;
    }

    // No Math.Abs: it throws on long.MinValue, and a hostile timestamp must not take the shard down.
    private bool WithinInterval(long age) => age >= -_changeIntervalMs && age <= _changeIntervalMs;

    /// <summary>The bounds check alone (for global prices, which have no session to compare with).</summary>
    public double ApplyBounds(double proposed, double basePrice, out ShieldVerdict verdict) =>
        Apply(proposed, basePrice, -1, LastQuote.None, 0, out verdict);
}
