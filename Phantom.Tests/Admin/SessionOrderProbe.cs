using System.Collections.Concurrent;
using Phantom.Streams.Flow;

namespace Phantom.Tests.Admin;

/// <summary>
/// A stage placed right after <c>session</c>: per session, the entity's sequence must grow by exactly one per event
/// and the event's own index (its timestamp, one second apart from the session's start) must match it. What it sees
/// goes to the shared <see cref="Log"/>, so a test can assert over every shard.
/// </summary>
internal sealed class SessionOrderProbe(SessionOrderProbe.Log log) : IFlowStage
{
    public const string StageName = "order-probe";

    private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);

    public string Name => StageName;

    public void Process(ref EventContext context)
    {
        if (context.Stopped || context.Session is not { } session)
        {
            return;
        }

        var previous = _last.GetValueOrDefault(session.SessionId);
        var index = (context.Event.TimestampMs - log.StartMs) / 1000;
        if (session.Sequence != previous + 1 || index != previous)
        {
            log.Violations.Add($"{session.SessionId}: after {previous} got sequence {session.Sequence}, event index {index}");
        }

        _last[session.SessionId] = session.Sequence;
        log.Last[session.SessionId] = session.Sequence;
    }

    public sealed class Log(long startMs)
    {
        public readonly long StartMs = startMs;
        public readonly ConcurrentBag<string> Violations = [];
        public readonly ConcurrentDictionary<string, long> Last = new(StringComparer.Ordinal);
    }
}
