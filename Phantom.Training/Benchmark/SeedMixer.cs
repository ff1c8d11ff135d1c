namespace Phantom.Training.Benchmark;

/// <summary>
/// Derives independent, reproducible seeds from the benchmark seed and the coordinates of a run (splitmix64 finaliser
/// over each part), so changing the tier list never shifts another tier's seeds.
/// </summary>
public static class SeedMixer
{
    public static long Mix(long seed, params ReadOnlySpan<long> parts)
    {
        var h = Finalise((ulong)seed ^ 0x9E3779B97F4A7C15UL);
        foreach (var part in parts)
        {
            h = Finalise(h ^ (ulong)part ^ 0xD1B54A32D192ED03UL);
        }

        return (long)(h & long.MaxValue);
    }

    /// <summary>A stable (runtime-independent) hash of a name: FNV-1a over its UTF-16 code units.</summary>
    public static long Name(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return (long)h;
    }

    private static ulong Finalise(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
