namespace Phantom.Cluster.Http;

/// <summary>What <see cref="PricingLoadGenerator"/> measured (snake_case in JSON, like every benchmark summary).</summary>
public sealed class PricingLoadResult
{
    public string Url { get; init; } = "";

    public double TargetRate { get; init; }

    public double AchievedRate { get; init; }

    public long Requests { get; init; }

    public long Errors { get; init; }

    public double DurationSeconds { get; init; }

    public int Connections { get; init; }

    /// <summary>Latency from each request's scheduled send time (open loop: a slow server is not excused by sending later).</summary>
    public double P50Ms { get; init; }

    public double P90Ms { get; init; }

    public double P99Ms { get; init; }

    public double P999Ms { get; init; }

    public double MaxMs { get; init; }

    /// <summary>Latency from the moment each request was actually handed to the client (excludes sender lag).</summary>
    public double ServiceP50Ms { get; init; }

    public double ServiceP99Ms { get; init; }

    /// <summary>Garbage collections in the generator's own process during the measured phase (0: it cannot have paused the measurement).</summary>
    public int GeneratorCollections { get; init; }

    /// <summary>Garbage collections in the node during the measured phase (from its <c>/metrics</c>; -1 when it does not say).</summary>
    public long NodeCollections { get; init; } = -1;

    /// <summary>Total time the node's collections paused it during the measured phase, milliseconds (-1 when unknown).</summary>
    public double NodeGcPauseMs { get; init; } = -1;

    /// <summary>Bytes the node allocated per request during the measured phase (-1 when unknown).</summary>
    public double NodeBytesPerRequest { get; init; } = -1;

    /// <summary>Counts of each <c>source</c> the answers named (cache, redis, global, base), from a sample of bodies.</summary>
    public Dictionary<string, long> Sources { get; init; } = [];
}
