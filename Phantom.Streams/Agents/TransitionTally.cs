using System.Runtime.CompilerServices;
using Phantom.Streams.Events;

namespace Phantom.Streams.Agents;

/// <summary>
/// A session's transition counts and its divergences from the reference kernels, kept incrementally (the hot-path
/// form of <see cref="KernelDivergence"/>, PHANTOM-MODEL.md section 2).
/// <para>
/// Per visited source row s it keeps N(s) and, for each reference kernel r (human, agent), A(s) − B_r(s), where
/// A(s) = Σ_k N(s,k)·ln N(s,k) and B_r(s) = Σ_k N(s,k)·ln(q_r,s(k) + ε), so KL_s = (A(s) − B_r(s))/N(s) − ln N(s).
/// Keeping the two differences instead of A, B_human and B_agent saves a double per row (sessions must stay small);
/// Σ_s A(s) is kept as one total for the entropy. A transition changes one pair count and therefore one row: A(s)
/// grows by (n+1)·ln(n+1) − n·ln n (a table lookup) and B_r(s) by ln(q_r,s(k) + ε); the row's old KL_s is
/// subtracted from the running sums and its new one added, so every update is O(1) whatever the session's length.
/// Pair counts are sparse (a trajectory visits few of the 324 pairs).
/// </para>
/// <para>
/// Trajectory rule: an implicit <c>session_start</c> precedes the first state unless that state is
/// <c>session_start</c>; <see cref="End"/> appends <c>session_end</c> once.
/// </para>
/// <para>
/// Storage: the first <see cref="InlineRows"/> rows and <see cref="InlinePairs"/> pairs live inline in the struct (and
/// so in the owning entity), which covers most sessions; only further ones go to heap arrays that continue the inline
/// part. Every live session survives several garbage collections, so each array it owns is an object the GC copies
/// and one more dereference (a cache miss at hundreds of thousands of sessions) per update; inline storage removes
/// both, and continuing rather than replacing it wastes nothing when a long session spills.
/// </para>
/// A mutable struct kept as a field of its owner and only ever used in place (never copied).
/// </summary>
internal partial struct TransitionTally
{
    private const int S = EventNames.StateCount;
    private const int RowWidth = 3; // N, A − B_human, A − B_agent
    private const int FirstCapacity = 4;
    private const int InlineRows = 4;
    private const int InlinePairs = 6;

    // Rows in first-visit order, RowWidth doubles each; _rowSlot[s] is the row's index + 1 (0: not visited yet).
    // Rows [0, InlineRows) in _inlineRows, later ones in _moreRows.
    private RowBuffer _inlineRows;
    private double[]? _moreRows;

    // Pairs [0, InlinePairs): keys (from·S + to) in _inlineKeys, counts in _inlineCounts. Later pairs in _morePairs:
    // keys in [0, c), counts in [c, 2c). Keys are contiguous so each part's lookup is one vectorised IndexOf.
    private PairBuffer _inlineKeys;
    private PairBuffer _inlineCounts;
    private int[]? _morePairs;
    private StateSlots _rowSlot;
    private int _pairCount;
    private byte _rowCount;
    private EventName _last;
    private bool _started;
    private bool _ended;

    /// <summary>Σ over visited rows of KL_s against the human kernel: Δ_H.</summary>
    public double DivergenceHuman { get; private set; }

    /// <summary>Σ over visited rows of KL_s against the agent kernel: Δ_A.</summary>
    public double DivergenceAgent { get; private set; }

    /// <summary>Σ_s A(s) = Σ over pairs of N·ln N.</summary>
    public double SumPairNLogN { get; private set; }

    /// <summary>Σ_s N(s)·ln N(s).</summary>
    public double SumRowNLogN { get; private set; }

    /// <summary>Transitions counted so far (states in the trajectory minus one).</summary>
    public int Transitions { get; private set; }

    /// <summary>States in the trajectory so far, the implicit start and end included.</summary>
    public readonly int States => _started ? Transitions + 1 : 0;

    public readonly bool Ended => _ended;

    /// <summary>
    /// Entropy rate of the session's empirical kernel: Σ_s (N(s)/N)·H(p_s) with H(p_s) = ln N(s) − A(s)/N(s), which
    /// sums to (Σ_s N(s)·ln N(s) − Σ_s A(s)) / N; 0 without transitions.
    /// </summary>
    public readonly double Entropy => Transitions == 0 ? 0.0 : Math.Max(0.0, (SumRowNLogN - SumPairNLogN) / Transitions);

    /// <summary>f(τ) = σ((Δ_H − Δ_A)/T + logit(prior)); the prior below 2 states.</summary>
    public readonly double AgentProbability(double temperature, double prior) =>
        States < 2
            ? prior
            : KernelDivergence.Sigmoid(((DivergenceHuman - DivergenceAgent) / temperature) + KernelDivergence.Logit(prior));

    /// <summary>Appends the next state of the trajectory (an event's name).</summary>
    public void Append(EventName state, TransitionKernel human, TransitionKernel agent)
    {
        if (_ended)
        {
            throw new InvalidOperationException("the trajectory already ended");
        }

        if (!_started)
        {
            _started = true;
            if (state != EventName.SessionStart)
            {
                Count(EventName.SessionStart, state, human, agent);
            }
        }
        else
        {
            Count(_last, state, human, agent);
        }

        _last = state;
    }

    /// <summary>Appends <c>session_end</c> after the last state, once; nothing when no state was appended.</summary>
    public void End(TransitionKernel human, TransitionKernel agent)
    {
        if (_started && !_ended)
        {
            Count(_last, EventName.SessionEnd, human, agent);
            _last = EventName.SessionEnd;
            _ended = true;
        }
    }

    /// <summary>
    /// Recomputes the kernel-dependent sums A(s) − B_r(s) against new reference kernels (after a model reload).
    /// O(visited pairs), never on the per-event path.
    /// </summary>
    public void Rebind(TransitionKernel human, TransitionKernel agent)
    {
        for (var r = 0; r < _rowCount; r++)
        {
            var row = Row(r);
            row[1] = 0;
            row[2] = 0;
        }

        for (var i = 0; i < _pairCount; i++)
        {
            var (key, n) = PairAt(i);
            var from = (EventName)(key / S);
            var to = (EventName)(key % S);
            var row = Row(_rowSlot[(int)from] - 1);
            var a = LogTables.NLogN(n);
            row[1] += a - (n * human.LogProbability(from, to));
            row[2] += a - (n * agent.LogProbability(from, to));
        }

        var klHuman = 0.0;
        var klAgent = 0.0;
        for (var r = 0; r < _rowCount; r++)
        {
            var row = Row(r);
            var n = (int)row[0];
            klHuman += RowKl(n, row[1]);
            klAgent += RowKl(n, row[2]);
        }

        DivergenceHuman = klHuman;
        DivergenceAgent = klAgent;
    }

    private void Count(EventName from, EventName to, TransitionKernel human, TransitionKernel agent)
    {
        var row = Row(RowIndex(from));
        var pairCount = IncrementPair(((int)from * S) + (int)to);
        var n = (int)row[0];
        var cHuman = row[1];
        var cAgent = row[2];
        var oldKlHuman = RowKl(n, cHuman);
        var oldKlAgent = RowKl(n, cAgent);

        var deltaA = LogTables.NLogN(pairCount) - LogTables.NLogN(pairCount - 1);
        cHuman += deltaA - human.LogProbability(from, to);
        cAgent += deltaA - agent.LogProbability(from, to);
        row[0] = n + 1;
        row[1] = cHuman;
        row[2] = cAgent;

        DivergenceHuman += RowKl(n + 1, cHuman) - oldKlHuman;
        DivergenceAgent += RowKl(n + 1, cAgent) - oldKlAgent;
        SumPairNLogN += deltaA;
        SumRowNLogN += LogTables.NLogN(n + 1) - LogTables.NLogN(n);
        Transitions++;
    }

    /// <summary>KL_s = (A(s) − B_r(s))/N(s) − ln N(s); 0 for an unvisited row.</summary>
    private static double RowKl(int n, double aMinusB) => n == 0 ? 0.0 : (aMinusB / n) - LogTables.Log(n);

    /// <summary>A row's N, A − B_human and A − B_agent, wherever the row is stored.</summary>
    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    private Span<double> Row(int index) =>
        index < InlineRows
            ? ((Span<double>)_inlineRows).Slice(index * RowWidth, RowWidth)
            : _moreRows.AsSpan((index - InlineRows) * RowWidth, RowWidth);

    /// <summary>The row of a source state, added (zeroed) on its first visit.</summary>
    private int RowIndex(EventName from)
    {
        var slot = _rowSlot[(int)from];
        if (slot != 0)
        {
            return slot - 1;
        }

        var beyond = _rowCount - InlineRows;
        if (beyond >= 0 && beyond * RowWidth == (_moreRows?.Length ?? 0))
        {
            // At most S rows ever, so growth is bounded; +2 rows at a time keeps the array close to what is used.
            var grown = new double[Math.Min(S - InlineRows, beyond + 2) * RowWidth];
            _moreRows?.CopyTo(grown, 0);
            _moreRows = grown;
        }

        _rowSlot[(int)from] = (byte)(_rowCount + 1);
        return _rowCount++;
    }

    /// <returns>The pair's count after the increment.</returns>
    private int IncrementPair(int key)
    {
        var inline = Math.Min(_pairCount, InlinePairs);
        var index = ((ReadOnlySpan<int>)_inlineKeys)[..inline].IndexOf(key);
        if (index >= 0)
        {
            return ++_inlineCounts[index];
        }

        var beyond = _pairCount - inline;
        if (beyond > 0)
        {
            var more = _morePairs!;
            index = more.AsSpan(0, beyond).IndexOf(key);
            if (index >= 0)
            {
                return ++more[(more.Length / 2) + index];
            }
        }

        if (_pairCount < InlinePairs)
        {
            _inlineKeys[_pairCount] = key;
            _inlineCounts[_pairCount++] = 1;
            return 1;
        }

        var capacity = (_morePairs?.Length ?? 0) / 2;
        if (beyond == capacity)
        {
            Grow(capacity + Math.Max(FirstCapacity, capacity / 2), beyond);
            capacity = _morePairs!.Length / 2;
        }

        _morePairs![beyond] = key;
        _morePairs[capacity + beyond] = 1;
        _pairCount++;
        return 1;
    }

    /// <summary>The i-th pair's key and count, in first-seen order.</summary>
    private readonly (int Key, int Count) PairAt(int i)
    {
        if (i < InlinePairs)
        {
            return (_inlineKeys[i], _inlineCounts[i]);
        }

        var more = _morePairs!;
        return (more[i - InlinePairs], more[(more.Length / 2) + i - InlinePairs]);
    }

    private void Grow(int capacity, int used)
    {
        var grown = new int[capacity * 2];
        if (_morePairs is { } old)
        {
            old.AsSpan(0, used).CopyTo(grown);
            old.AsSpan(old.Length / 2, used).CopyTo(grown.AsSpan(capacity));
        }

        _morePairs = grown;
    }

    [InlineArray(InlineRows * RowWidth)]
    private struct RowBuffer
    {
        private double _first;
    }

    [InlineArray(InlinePairs)]
    private struct PairBuffer
    {
        private int _first;
    }
}
