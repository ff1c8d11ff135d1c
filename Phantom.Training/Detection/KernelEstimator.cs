using Phantom.Streams.Agents;
using Phantom.Streams.Events;

namespace Phantom.Training.Detection;

/// <summary>
/// Maximum-likelihood human and agent kernels from labelled trajectories (PHANTOM-MODEL.md section 2):
/// T̂[s][s'] = N(s,s') / Σ_k N(s,k) over every transition of the class's sessions; sessions with fewer than 2 events
/// are ignored. Counts add up as sessions arrive, so any number of sessions costs S² longs per class.
/// </summary>
public sealed class KernelEstimator
{
    private const int S = EventNames.StateCount;
    private readonly long[] _human = new long[S * S];
    private readonly long[] _agent = new long[S * S];
    private readonly bool[] _skip = new bool[S];

    /// <param name="skipStates">
    /// States left out of trajectories before counting, e.g. hovers, which the traffic generator interleaves without
    /// moving its kernel state. Default none: the live f(τ) counts every event, so kernels for it should too.
    /// </param>
    public KernelEstimator(IEnumerable<EventName>? skipStates = null)
    {
        foreach (var state in skipStates ?? [])
        {
            if (state is EventName.SessionStart or EventName.SessionEnd)
            {
                throw new ArgumentException($"{state.ToWire()} frames every trajectory and cannot be skipped");
            }

            _skip[(int)state] = true;
        }
    }

    /// <summary>The four hover events.</summary>
    public static IReadOnlyList<EventName> HoverStates { get; } =
        [EventName.HoverOverTitle, EventName.HoverOverParagraph, EventName.HoverOverLink, EventName.HoverOverButton];

    public long HumanSessions { get; private set; }

    public long AgentSessions { get; private set; }

    /// <summary>Sessions not counted: unlabelled, or fewer than 2 events.</summary>
    public long IgnoredSessions { get; private set; }

    /// <summary>Human transition counts, row-major S×S (from·S + to).</summary>
    public ReadOnlySpan<long> HumanCounts => _human;

    public ReadOnlySpan<long> AgentCounts => _agent;

    /// <summary>
    /// Counts one session's transitions. <paramref name="states"/> is a replayed trajectory (framed by
    /// <c>session_start</c> and <c>session_end</c>, as <see cref="Replay.ReplayedSession.States"/>).
    /// </summary>
    /// <param name="events">The session's event count (the frame states excluded), for the 2-event rule.</param>
    /// <returns>True when counted.</returns>
    public bool Add(GroundTruth label, IReadOnlyList<EventName> states, long events)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (label == GroundTruth.Unknown || events < 2)
        {
            IgnoredSessions++;
            return false;
        }

        var counts = label == GroundTruth.Agent ? _agent : _human;
        var previous = -1;
        foreach (var state in states)
        {
            if (_skip[(int)state])
            {
                continue;
            }

            if (previous >= 0)
            {
                counts[(previous * S) + (int)state]++;
            }

            previous = (int)state;
        }

        if (label == GroundTruth.Agent)
        {
            AgentSessions++;
        }
        else
        {
            HumanSessions++;
        }

        return true;
    }

    /// <summary>T̂_H; rows never visited go to <c>session_end</c>, as every kernel's empty rows do.</summary>
    public TransitionKernel Human(double epsilon = 1e-10) => TransitionKernel.Estimate("human", _human, epsilon);

    public TransitionKernel Agent(double epsilon = 1e-10) => TransitionKernel.Estimate("agent", _agent, epsilon);

    /// <summary>
    /// A kernel's visited rows in the shape of <c>phantom.agent.kernels.&lt;name&gt;</c>: source state to next state to
    /// probability, zero entries left out (so the result round-trips through <see cref="TransitionKernel.FromRows"/>).
    /// </summary>
    public static Dictionary<string, Dictionary<string, double>> Rows(TransitionKernel kernel, ReadOnlySpan<long> counts)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var rows = new Dictionary<string, Dictionary<string, double>>();
        for (var s = 0; s < S; s++)
        {
            var visited = false;
            for (var k = 0; k < S; k++)
            {
                visited |= counts[(s * S) + k] > 0;
            }

            if (!visited)
            {
                continue;
            }

            var row = new Dictionary<string, double>();
            var probabilities = kernel.Row((EventName)s);
            for (var k = 0; k < S; k++)
            {
                if (probabilities[k] > 0)
                {
                    row[((EventName)k).ToWire()] = probabilities[k];
                }
            }

            rows[((EventName)s).ToWire()] = row;
        }

        return rows;
    }
}
