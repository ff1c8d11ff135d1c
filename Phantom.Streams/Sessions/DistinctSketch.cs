namespace Phantom.Streams.Sessions;

/// <summary>
/// A 64-bit linear-counting sketch: estimates how many distinct values were added in 8 bytes, for the values that
/// arrive after a session's exact sets are full. Accurate to about one for a handful of values, coarse beyond a few
/// dozen, saturating at 64·ln 64 ≈ 266.
/// </summary>
internal partial struct DistinctSketch
{
    private ulong _bits;

    public void Add(int value) => _bits |= 1UL << (int)(((uint)value * 0x9E3779B1u) >> 26);

    public readonly double Estimate
    {
        get
        {
            if (_bits == 0)
            {
                return 0;
            }

            var zeros = 64 - System.Numerics.BitOperations.PopCount(_bits);
            // Linear counting: n ≈ −m·ln(zeros/m).
            return zeros == 0 ? 64 * Math.Log(64) : -64 * Math.Log(zeros / 64.0);
        }
    }
}
