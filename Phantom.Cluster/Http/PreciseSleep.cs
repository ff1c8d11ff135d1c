using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Phantom.Cluster.Http;

/// <summary>
/// Sleeps until a Stopwatch timestamp with tens-of-microseconds precision and no spinning: the load generator's
/// pacing thread must hit a 200 µs schedule without burning the core the server under test needs. On Linux it
/// sleeps in <c>nanosleep</c> with the thread's timer slack lowered to 1 µs (the default, 50 µs, would add that much
/// to every request's measured latency); elsewhere it falls back to 1 ms sleeps and yields.
/// </summary>
internal static class PreciseSleep
{
    private const int PrSetTimerSlack = 29;

    /// <summary>Call once on the pacing thread: the timer slack is a per-thread setting.</summary>
    public static void PrepareThread()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>Returns at or just after <paramref name="timestamp"/> (Stopwatch ticks).</summary>
    public static void Until(long timestamp)
    {
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (OperatingSystem.IsLinux())
            {
                var nanoseconds = remaining * 1_000_000_000L / Stopwatch.Frequency;
                var request = new Timespec { Seconds = nanoseconds / 1_000_000_000L, Nanoseconds = nanoseconds % 1_000_000_000L };
                _ = nanosleep(in request, IntPtr.Zero);
            }
            else if (remaining > Stopwatch.Frequency / 500)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: blittable arguments need no marshalling stub, and no unsafe code.
    [DllImport("libc", SetLastError = false)]
    private static extern int nanosleep(in Timespec request, IntPtr remaining);

    [DllImport("libc", SetLastError = false)]
    private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
