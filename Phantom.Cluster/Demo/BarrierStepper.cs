using Phantom.Streams.Flow;
using Phantom.Streams.Hosting;

namespace Phantom.Cluster.Demo;

/// <summary>
/// The demo's global price step: at fixed points of the input the source flushes, waits until every shard has
/// settled everything written so far, then steps the global price board if its event clock says a step is due. With
/// all shards quiet the step reads the same demand on every run, so prices depend on the seed alone, not on thread
/// timing. (A node steps on its shards' event clock instead; it has no single source to stop.)
/// </summary>
internal sealed class BarrierStepper(PhantomRuntime runtime)
{
    public long Steps { get; private set; }

    /// <summary>Records between two barriers: a few batches per shard, so the barrier's drain costs little.</summary>
    public long Every => (long)runtime.Options.Pipeline.BatchSize * runtime.Partitions * 4;

    public async ValueTask CheckpointAsync(PipelineWriter writer, long recordsWritten, CancellationToken cancellation)
    {
        await writer.FlushAsync(cancellation).ConfigureAwait(false);
        await runtime.WhenIdleAsync(writer.RecordsWritten, cancellation).ConfigureAwait(false);
        var board = runtime.Prices;
        var clock = board.EventClockMs;
        if (clock != long.MinValue && clock >= board.NextDueMs && board.Step(clock))
        {
            Steps++;
        }
    }
}
