namespace Phantom.Streams.Generation;

/// <summary><c>phantom.generator</c>: the built-in traffic generator (PHANTOM-MODEL.md section 5 behaviour).</summary>
public sealed class GeneratorOptions
{
    /// <summary>Contamination α: the share of sessions that are agents.</summary>
    public double Alpha { get; set; } = 0.3;

    /// <summary>Seed of every random draw; the same seed gives the same byte stream.</summary>
    public int Seed { get; set; } = 7;

    /// <summary>Sessions browsing at the same time; their events interleave in time order.</summary>
    public int ConcurrentSessions { get; set; } = 5000;

    /// <summary>Most events in one session.</summary>
    public int MaxEventsPerSession { get; set; } = 40;

    /// <summary>Share of sessions browsing the airline store; the rest browse the hotel store.</summary>
    public double AirlineShare { get; set; } = 0.5;

    /// <summary>Event time of the first session start, ISO-8601 UTC.</summary>
    public string StartTime { get; set; } = "2025-11-25T20:00:00.000Z";

    public GeneratorClassOptions Human { get; set; } = new()
    {
        ValuationMean = 50, ValuationStd = 10, GapMedian = TimeSpan.FromSeconds(6), GapSpread = 0.9,
        HoverRate = 0.6, HeadlessShare = 0.0, AutomationShare = 0.0,
    };

    public GeneratorClassOptions Agent { get; set; } = new()
    {
        ValuationMean = 45, ValuationStd = 15, GapMedian = TimeSpan.FromMilliseconds(700), GapSpread = 0.35,
        HoverRate = 0.05, HeadlessShare = 0.35, AutomationShare = 0.25,
    };

    /// <summary>A copy (the class behaviours are shared: they are options, not state).</summary>
    public GeneratorOptions Clone() => (GeneratorOptions)MemberwiseClone();
}
