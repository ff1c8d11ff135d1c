using System.Runtime.CompilerServices;
using Phantom.Streams.Agents;
using Phantom.Streams.Events;

namespace Phantom.Training.Simulation;

/// <summary>
/// The state factor T[s][s'] of the expanded kernel as compact cumulative rows over the non-zero entries only (the
/// reference kernels have at most three successors per state, so a linear scan beats an alias lookup).
/// </summary>
public sealed class KernelSampler
{
    private const int S = EventNames.StateCount;
    private readonly int[] _rowStart = new int[S + 1];
    private readonly double[] _cumulative;
    private readonly byte[] _next;

    public KernelSampler(TransitionKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Kernel = kernel;
        var cumulative = new List<double>();
        var next = new List<byte>();
        for (var s = 0; s < S; s++)
        {
            _rowStart[s] = next.Count;
            var row = kernel.Row((EventName)s);
            var acc = 0.0;
            for (var k = 0; k < S; k++)
            {
                if (row[k] > 0)
                {
                    acc += row[k];
                    cumulative.Add(acc);
                    next.Add((byte)k);
                }
            }

            // Rounding must never let a draw fall off the end of the row.
            cumulative[^1] = double.PositiveInfinity;
        }

        _rowStart[S] = next.Count;
        _cumulative = [.. cumulative];
        _next = [.. next];
    }

    public TransitionKernel Kernel { get; }

    /// <summary>The successor of <paramref name="state"/> for a uniform draw <paramref name="u"/> in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int state, double u)
    {
        var i = _rowStart[state];
        while (u >= _cumulative[i])
        {
            i++;
        }

        return _next[i];
    }
}
