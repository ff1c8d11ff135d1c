using System.Diagnostics;

namespace Phantom.Cluster.Admin;

/// <summary>
/// Events per second over the last few seconds, from samples of a running count (one per <see cref="Sample"/> call,
/// taken by the admin's one-second timer), so a single <c>GET /admin/metrics</c> gets a current rate.
/// </summary>
public sealed class EventRate(int window = 5)
{
    private readonly (long Ticks, long Count)[] _samples = new (long, long)[Math.Max(2, window + 1)];
    private readonly Lock _gate = new();
    private int _taken;

    public void Sample(long count)
    {
        lock (_gate)
        {
            _samples[_taken % _samples.Length] = (Stopwatch.GetTimestamp(), count);
            _taken++;
        }
    }

    /// <summary>The rate between the oldest and newest sample held; 0 until two samples exist.</summary>
    public double PerSecond
    {
        get
        {
            lock (_gate)
            {
                if (_taken < 2)
                {
                    return 0;
                }

                var newest = _samples[(_taken - 1) % _samples.Length];
                var oldest = _samples[Math.Max(0, _taken - _samples.Length) % _samples.Length];
                var seconds = (newest.Ticks - oldest.Ticks) / (double)Stopwatch.Frequency;
                return seconds > 0 ? Math.Max(0, (newest.Count - oldest.Count) / seconds) : 0;
            }
        }
    }
}
