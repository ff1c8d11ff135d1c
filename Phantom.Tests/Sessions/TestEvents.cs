using System.Text;
using Phantom.Streams.Agents;
using Phantom.Streams.Demand;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

/// <summary>Builds parsed events and records the way the parse stage would, for session and demand tests.</summary>
internal static class TestEvents
{
    /// <summary>10:59:00 UTC: one minute before a clock-aligned 5-minute window boundary.</summary>
    public static readonly long T0 = new DateTimeOffset(2026, 11, 21, 10, 59, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static SessionModel Model(Action<SessionOptions>? session = null, Action<AgentOptions>? agent = null)
    {
        var sessionOptions = new SessionOptions();
        session?.Invoke(sessionOptions);
        var agentOptions = new AgentOptions();
        agent?.Invoke(agentOptions);
        return new SessionModel(sessionOptions, agentOptions, new DemandOptions());
    }

    public static InteractionEvent Make(
        EventName name,
        long timestampMs,
        int product = -1,
        string page = "/",
        double price = double.NaN,
        double basePrice = double.NaN,
        UserAgentFlags userAgent = UserAgentFlags.None,
        GroundTruth truth = GroundTruth.Unknown,
        ulong key = 1) =>
        new()
        {
            SessionKey = key,
            Name = name,
            Mode = StoreMode.Hotel,
            Truth = truth,
            ProductIndex = product,
            PageHash = Utf8Hash.Of(page),
            TimestampMs = timestampMs,
            Price = price,
            BasePrice = basePrice,
            DwellMs = double.NaN,
            UserAgent = userAgent,
        };

    /// <summary>A record holding only the session id, and an event whose SessionId slice points at it.</summary>
    public static (byte[] Record, InteractionEvent Event) WithId(string sessionId, EventName name, long timestampMs, int product = -1)
    {
        var record = Encoding.UTF8.GetBytes(sessionId);
        var e = Make(name, timestampMs, product, key: Utf8Hash.Of(record));
        e.SessionId = new Utf8Slice(0, record.Length);
        return (record, e);
    }

    /// <summary>The trajectory KernelDivergence expects: implicit session_start unless the first state is one.</summary>
    public static EventName[] Trajectory(IReadOnlyList<EventName> events, bool completed)
    {
        var states = new List<EventName>();
        if (events.Count > 0 && events[0] != EventName.SessionStart)
        {
            states.Add(EventName.SessionStart);
        }

        states.AddRange(events);
        if (completed && events.Count > 0)
        {
            states.Add(EventName.SessionEnd);
        }

        return [.. states];
    }
}
