namespace Phantom.Streams.Demand;

/// <summary>
/// One shard's share of the per-product demand q̂: a decayed value and its last-update time per product. Written only
/// by its shard's thread (no locks); <see cref="DemandBoard.Refresh"/> reads it from another thread, where a torn
/// pair (a new value with an old time) costs at most one update's worth of decay error until the next refresh.
/// </summary>
public sealed class DemandSlice
{
    private readonly double[] _value;
    private readonly long[] _updatedMs;
    private readonly double _decayPerMs;

    internal DemandSlice(int capacity, double decayPerMs)
    {
        _value = new double[capacity];
        _updatedMs = new long[capacity];
        _decayPerMs = decayPerMs;
    }

    /// <summary>
    /// Adds ω to a product's q̂ at event time <paramref name="nowMs"/>: the stored value is first decayed to then. An
    /// event older than the product's last update adds its weight decayed back by the difference instead, so order of
    /// arrival does not change the result.
    /// </summary>
    public void Add(int product, double weight, long nowMs)
    {
        if ((uint)product >= (uint)_value.Length)
        {
            return;
        }

        var last = _updatedMs[product];
        if (_value[product] == 0)
        {
            _value[product] = weight;
            _updatedMs[product] = nowMs;
        }
        else if (nowMs >= last)
        {
            _value[product] = (_value[product] * Decay(nowMs - last)) + weight;
            _updatedMs[product] = nowMs;
        }
        else
        {
            _value[product] += weight * Decay(last - nowMs);
        }
    }

    /// <summary>This slice's q̂ of a product decayed to <paramref name="nowMs"/> (no decay for a time before the last update).</summary>
    public double Value(int product, long nowMs)
    {
        var value = _value[product];
        return value == 0 ? 0 : value * Decay(Math.Max(0, nowMs - _updatedMs[product]));
    }

    private double Decay(long elapsedMs) => Math.Exp(-_decayPerMs * elapsedMs);
}
