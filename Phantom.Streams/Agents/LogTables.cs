namespace Phantom.Streams.Agents;

/// <summary>
/// Precomputed ln n and n·ln n for small counts: the incremental divergence calls them on every event, and almost all
/// per-session counts are small, so a table lookup replaces <see cref="Math.Log"/> on the hot path.
/// </summary>
internal static class LogTables
{
    private const int Size = 4096;
    private static readonly double[] Ln = BuildLn();
    private static readonly double[] NLnN = BuildNLnN();

    /// <summary>ln n for n ≥ 1.</summary>
    public static double Log(int n) => (uint)n < Size ? Ln[n] : Math.Log(n);

    /// <summary>n·ln n, with 0·ln 0 = 0.</summary>
    public static double NLogN(int n) => (uint)n < Size ? NLnN[n] : n * Math.Log(n);

    private static double[] BuildLn()
    {
        var table = new double[Size];
        for (var n = 1; n < Size; n++)
        {
            table[n] = Math.Log(n);
        }

        return table;
    }

    private static double[] BuildNLnN()
    {
        var table = new double[Size];
        for (var n = 1; n < Size; n++)
        {
            table[n] = n * Math.Log(n);
        }

        return table;
    }
}
