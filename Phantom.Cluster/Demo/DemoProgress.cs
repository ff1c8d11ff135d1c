using Phantom.Cluster.Console;
using Phantom.Streams.Events;
using Phantom.Streams.Hosting;

namespace Phantom.Cluster.Demo;

/// <summary>
/// One progress line per second: throughput, live sessions, the share of prices going to sessions the live detector
/// takes for agents, and the mean prices shown to humans and to agents (by the generator's ground truth).
/// </summary>
internal sealed class DemoProgress(PhantomRuntime runtime, bool quiet)
{
    private long _lastEvents;
    private TimeSpan _lastElapsed;

    public void Report(TimeSpan elapsed)
    {
        var events = runtime.Pipeline.RecordsSettled();
        var rate = (events - _lastEvents) / Math.Max((elapsed - _lastElapsed).TotalSeconds, 1e-9);
        _lastEvents = events;
        _lastElapsed = elapsed;
        if (quiet)
        {
            return;
        }

        var pricing = runtime.Pricing.Snapshot();
        Terminal.Progress(
            elapsed,
            events,
            rate,
            runtime.LiveSessions,
            pricing.LikelyAgentShare,
            pricing.MeanPrice(GroundTruth.Human),
            pricing.MeanPrice(GroundTruth.Agent));
    }
}
