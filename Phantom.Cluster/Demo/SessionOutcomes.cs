using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Cluster.Demo;

/// <summary>
/// Keeps each finished session's ground truth and final scores, so the demo can score its own detection (ROC-AUC)
/// once all sessions are passivated. Called once per session on shard threads, hence a plain lock.
/// </summary>
internal sealed class SessionOutcomes : ISessionObserver
{
    private readonly Lock _lock = new();
    private readonly List<Outcome> _outcomes = new(capacity: 1 << 16);

    public void OnPassivated(SessionEntity session)
    {
        var outcome = new Outcome(session.Truth, session.AgentProbability, session.DetectorScore);
        lock (_lock)
        {
            _outcomes.Add(outcome);
        }
    }

    /// <summary>A copy of the outcomes so far, in a deterministic order (shards finish in any order).</summary>
    public Outcome[] Snapshot()
    {
        Outcome[] copy;
        lock (_lock)
        {
            copy = [.. _outcomes];
        }

        Array.Sort(copy);
        return copy;
    }

    internal readonly record struct Outcome(GroundTruth Truth, double AgentProbability, double Detector) : IComparable<Outcome>
    {
        public int CompareTo(Outcome other)
        {
            var byTruth = Truth.CompareTo(other.Truth);
            if (byTruth != 0)
            {
                return byTruth;
            }

            var byF = AgentProbability.CompareTo(other.AgentProbability);
            return byF != 0 ? byF : Detector.CompareTo(other.Detector);
        }
    }
}
