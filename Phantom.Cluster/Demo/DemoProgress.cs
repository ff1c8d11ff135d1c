using Phantom.Cluster.Console;
using Phantom.Streams.Events;
using Phantom.Streams.Hosting;

namespace Phantom.Cluster.Demo;

/// <summary>One progress line per second: throughput, live sessions, detection so far and the prices being shown.</summary>
internal sealed class DemoProgress(PhantomRuntime runtime, SessionOutcomes outcomes, bool quiet)
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

        var finished = outcomes.Count;
        var pricing = runtime.Pricing.Snapshot();
        Terminal.Progress(
            elapsed,
            events,
            rate,
            runtime.LiveSessions,
            finished == 0 ? double.NaN : (double)outcomes.Detected / finished,
            pricing.MeanPrice(GroundTruth.Human),
            pricing.MeanPrice(GroundTruth.Agent));
    }
}
