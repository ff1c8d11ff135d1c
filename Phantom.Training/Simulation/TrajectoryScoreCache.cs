using Phantom.Streams.Agents;
using Phantom.Streams.Events;

namespace Phantom.Training.Simulation;

/// <summary>
/// Memo of f(τ) by exact state sequence, as a trie walked while the trajectory is sampled (O(1) per event). A missing
/// value is computed once by <see cref="KernelDivergence.AgentProbability"/> on the trajectory's states, so the
/// simulator's f is the reference f, only not recomputed for sequences already seen. When the trie is full,
/// f is computed directly every time: still exact, just slower.
/// </summary>
public sealed class TrajectoryScoreCache
{
    /// <summary>Cursor value meaning "not in the trie": compute directly.</summary>
    public const int Outside = -1;

    private const int S = EventNames.StateCount;
    private readonly TransitionKernel _human;
    private readonly TransitionKernel _agent;
    private readonly double _temperature;
    private readonly double _prior;
    private readonly int _maxNodes;
    private int[] _children;
    private double[] _score;
    private int _count;

    public TrajectoryScoreCache(TransitionKernel human, TransitionKernel agent, double temperature, double prior, int maxNodes = 1 << 17)
    {
        _human = human;
        _agent = agent;
        _temperature = temperature;
        _prior = prior;
        _maxNodes = Math.Max(maxNodes, 1);
        var initial = Math.Min(4096, _maxNodes);
        _children = new int[initial * S];
        _score = new double[initial];
        Array.Fill(_children, Outside);
        Array.Fill(_score, double.NaN);
        _count = 1; // node 0: the empty sequence
    }

    /// <summary>Number of distinct sequences (prefixes) stored.</summary>
    public int NodeCount => _count;

    /// <summary>The trie root (the empty sequence).</summary>
    public static int Root => 0;

    /// <summary>The cursor after appending <paramref name="state"/> to the sequence at <paramref name="node"/>.</summary>
    public int Advance(int node, int state)
    {
        if (node == Outside)
        {
            return Outside;
        }

        var slot = (node * S) + state;
        var child = _children[slot];
        if (child != Outside)
        {
            return child;
        }

        if (_count >= _maxNodes)
        {
            return Outside;
        }

        if (_count == _score.Length)
        {
            var size = Math.Min(_score.Length * 2, _maxNodes);
            var oldLength = _children.Length;
            Array.Resize(ref _children, size * S);
            _children.AsSpan(oldLength).Fill(Outside);
            var oldScores = _score.Length;
            Array.Resize(ref _score, size);
            _score.AsSpan(oldScores).Fill(double.NaN);
        }

        child = _count++;
        _children[slot] = child;
        return child;
    }

    /// <summary>f(τ) of the sequence ending at <paramref name="node"/> whose states are <paramref name="states"/>.</summary>
    public double Score(int node, ReadOnlySpan<EventName> states)
    {
        if (node == Outside)
        {
            return KernelDivergence.AgentProbability(states, _human, _agent, _temperature, _prior);
        }

        var f = _score[node];
        if (double.IsNaN(f))
        {
            f = KernelDivergence.AgentProbability(states, _human, _agent, _temperature, _prior);
            _score[node] = f;
        }

        return f;
    }
}
