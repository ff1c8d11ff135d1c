using System.Diagnostics.Metrics;
using Phantom.Streams.Flow;

namespace Phantom.Streams.Metrics;

/// <summary>
/// Exposes a pipeline's counters as System.Diagnostics.Metrics instruments on a meter named
/// <see cref="MeterName"/>. Every instrument is observable: values are summed from the per-shard counters only when a
/// listener collects, so the hot path pays nothing.
/// </summary>
public sealed class PipelineMeter : IDisposable
{
    public const string MeterName = "Phantom.Pipeline";

    private readonly PartitionedPipeline _pipeline;

    internal PipelineMeter(PartitionedPipeline pipeline)
    {
        _pipeline = pipeline;
        Meter = new Meter(MeterName);
        Meter.CreateObservableCounter("phantom.pipeline.events.in", pipeline.TotalWritten, "{event}", "records accepted by writers");
        Meter.CreateObservableCounter("phantom.pipeline.events.processed", () => Sum(w => Volatile.Read(ref w.Received)), "{event}", "records taken by shard workers");
        Meter.CreateObservableCounter("phantom.pipeline.events.completed", () => Sum(w => Volatile.Read(ref w.Completed)), "{event}", "records through every stage without rejection");
        Meter.CreateObservableCounter("phantom.pipeline.events.rejected", ObserveRejected, "{event}", "records dead-lettered, by reason");
        Meter.CreateObservableCounter("phantom.pipeline.failures", () => Sum(w => Volatile.Read(ref w.Failures)), "{exception}", "exceptions thrown by stages or the dead-letter sink");
        Meter.CreateObservableGauge("phantom.pipeline.queue.depth", ObserveQueues, "{batch}", "batches waiting per shard");
        Meter.CreateObservableGauge("phantom.pipeline.latency.p99", () => EndToEnd().PercentileMilliseconds(99), "ms", "event write-to-end latency, 99th percentile");
        Meter.CreateObservableGauge("phantom.pipeline.latency.p50", () => EndToEnd().PercentileMilliseconds(50), "ms", "event write-to-end latency, median");
    }

    public Meter Meter { get; }

    public void Dispose() => Meter.Dispose();

    private long Sum(Func<ShardWorker, long> read)
    {
        long total = 0;
        foreach (var worker in _pipeline.Workers)
        {
            total += read(worker);
        }

        return total;
    }

    private IEnumerable<Measurement<long>> ObserveRejected()
    {
        var totals = new long[ShardWorker.ReasonSlots];
        foreach (var worker in _pipeline.Workers)
        {
            for (var r = 1; r < totals.Length; r++)
            {
                totals[r] += Volatile.Read(ref worker.Rejected[r]);
            }
        }

        for (var r = 1; r < totals.Length; r++)
        {
            if (totals[r] != 0)
            {
                yield return new Measurement<long>(totals[r], new KeyValuePair<string, object?>("reason", ((RejectReason)r).ToString()));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveQueues() =>
        _pipeline.Workers.Select(w => new Measurement<int>(w.Queue.Reader.Count, new KeyValuePair<string, object?>("shard", w.Shard)));

    private LatencyHistogram EndToEnd()
    {
        var merged = new LatencyHistogram();
        foreach (var worker in _pipeline.Workers)
        {
            merged.Add(worker.EndToEnd);
        }

        return merged;
    }
}
