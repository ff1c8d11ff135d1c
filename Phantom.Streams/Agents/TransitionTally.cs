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
/// A mutable struct kept as a field of its owner and only ever used in place (never copied).
/// </summary>
internal struct TransitionTally
{
    private const int S = EventNames.StateCount;
    private const int RowWidth = 3; // N, A − B_human, A − B_agent
    private const int FirstCapacity = 4;

    // Rows in first-visit order, RowWidth doubles each; _rowSlot[s] is the row's index + 1 (0: not visited yet).
    private double[]? _rows;

    // Pair keys (from·S + to) in [0, capacity), their counts in [capacity, 2·capacity): keys are contiguous so the
    // lookup is one vectorised IndexOf.
    private int[]? _pairs;
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
        if (_rows is null || _pairs is null)
        {
            return;
        }

        var capacity = _pairs.Length / 2;
        for (var r = 0; r < _rowCount; r++)
        {
            _rows[(r * RowWidth) + 1] = 0;
            _rows[(r * RowWidth) + 2] = 0;
        }

        for (var i = 0; i < _pairCount; i++)
        {
            var key = _pairs[i];
            var from = (EventName)(key / S);
            var to = (EventName)(key % S);
            var n = _pairs[capacity + i];
            var row = (_rowSlot[(int)from] - 1) * RowWidth;
            var a = LogTables.NLogN(n);
            _rows[row + 1] += a - (n * human.LogProbability(from, to));
            _rows[row + 2] += a - (n * agent.LogProbability(from, to));
        }

        var klHuman = 0.0;
        var klAgent = 0.0;
        for (var r = 0; r < _rowCount; r++)
        {
            var n = (int)_rows[r * RowWidth];
            klHuman += RowKl(n, _rows[(r * RowWidth) + 1]);
            klAgent += RowKl(n, _rows[(r * RowWidth) + 2]);
        }

        DivergenceHuman = klHuman;
        DivergenceAgent = klAgent;
    }

    private void Count(EventName from, EventName to, TransitionKernel human, TransitionKernel agent)
    {
        var row = RowOffset(from);
        var pairCount = IncrementPair(((int)from * S) + (int)to);
        var rows = _rows!;
        var n = (int)rows[row];
        var cHuman = rows[row + 1];
        var cAgent = rows[row + 2];
        var oldKlHuman = RowKl(n, cHuman);
        var oldKlAgent = RowKl(n, cAgent);

        var deltaA = LogTables.NLogN(pairCount) - LogTables.NLogN(pairCount - 1);
        cHuman += deltaA - human.LogProbability(from, to);
        cAgent += deltaA - agent.LogProbability(from, to);
        rows[row] = n + 1;
        rows[row + 1] = cHuman;
        rows[row + 2] = cAgent;

        DivergenceHuman += RowKl(n + 1, cHuman) - oldKlHuman;
        DivergenceAgent += RowKl(n + 1, cAgent) - oldKlAgent;
        SumPairNLogN += deltaA;
        SumRowNLogN += LogTables.NLogN(n + 1) - LogTables.NLogN(n);
        Transitions++;
    }

    /// <summary>KL_s = (A(s) − B_r(s))/N(s) − ln N(s); 0 for an unvisited row.</summary>
    private static double RowKl(int n, double aMinusB) => n == 0 ? 0.0 : (aMinusB / n) - LogTables.Log(n);

    private int RowOffset(EventName from)
    {
        var slot = _rowSlot[(int)from];
        if (slot != 0)
        {
            return (slot - 1) * RowWidth;
        }

        _rows ??= new double[FirstCapacity * RowWidth];
        if (_rowCount * RowWidth == _rows.Length)
        {
            // At most S rows ever, so growth is bounded; +2 rows at a time keeps the array close to what is used.
            Array.Resize(ref _rows, Math.Min(S, _rowCount + 2) * RowWidth);
        }

        _rowSlot[(int)from] = (byte)(_rowCount + 1);
        return _rowCount++ * RowWidth;
    }

    /// <returns>The pair's count after the increment.</returns>
    private int IncrementPair(int key)
    {
        _pairs ??= new int[FirstCapacity * 2];
        var capacity = _pairs.Length / 2;
        var index = _pairs.AsSpan(0, _pairCount).IndexOf(key);
        if (index < 0)
        {
            if (_pairCount == capacity)
            {
                Grow(capacity + Math.Max(FirstCapacity, capacity / 2));
                capacity = _pairs.Length / 2;
            }

            index = _pairCount++;
            _pairs[index] = key;
        }

        return ++_pairs[capacity + index];
    }

    private void Grow(int capacity)
    {
        var old = _pairs!;
        var oldCapacity = old.Length / 2;
        var grown = new int[capacity * 2];
        old.AsSpan(0, _pairCount).CopyTo(grown);
        old.AsSpan(oldCapacity, _pairCount).CopyTo(grown.AsSpan(capacity));
        _pairs = grown;
    }
}
