using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Training.Replay;

/// <summary>
/// One finished session as replay rebuilt it: its id, label, final features (from the live
/// <see cref="SessionEntity.Snapshot"/>) and, when asked for, its trajectory of behaviour states.
/// </summary>
/// <param name="SessionId">The wire sessionId.</param>
/// <param name="Label">From the experiments file, else the generator's ground truth, else unknown.</param>
/// <param name="Features">The completed entity's snapshot.</param>
/// <param name="Events">Events applied to the session.</param>
/// <param name="LastEventMs">Its latest event time (Unix ms).</param>
/// <param name="States">
/// The trajectory exactly as the entity's transition counts see it (an implicit <c>session_start</c> first unless the
/// first event is one, then every event's name, then <c>session_end</c>); null unless
/// <see cref="ReplayOptions.KeepTrajectories"/>.
/// </param>
/// <param name="MarkedFeatures">
/// The snapshot right after the session's first <see cref="ReplayOptions.SnapshotAfterFirst"/> event; null when that
/// option is off or the session had no such event.
/// </param>
public sealed record ReplayedSession(
    string SessionId, GroundTruth Label, SessionFeatures Features, long Events, long LastEventMs, IReadOnlyList<EventName>? States, SessionFeatures? MarkedFeatures = null);
