using Phantom.Streams.Flow;

namespace Phantom.Streams.Generation;

/// <summary>
/// Feeds <paramref name="events"/> generated events into a pipeline, routed by the generator's session key, with the
/// generator's running count as each record's source offset. With a <see cref="SourceCheckpoint"/> it is called after
/// every <paramref name="checkpointEvery"/> records.
/// </summary>
public sealed class GeneratorSource(
    TrafficGenerator generator, long events, long checkpointEvery = 0, SourceCheckpoint? checkpoint = null) : IFlowSource
{
    public string Name => "generator";

    /// <summary>Records written so far (read from other threads for progress).</summary>
    public long Written => Interlocked.Read(ref _written);

    private long _written;

    public async Task RunAsync(PipelineWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // Records are generated back to back, with no idle gap to misattribute: 8 may share one enqueue stamp (a
        // record's latency is then overstated by at most the generation of the 7 before it, never understated).
        writer.RecordsPerClockRead = 8;
        var scratch = new byte[generator.MaxLineBytes];
        for (long i = 0; i < events; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            generator.TryWriteNext(scratch, out var length, out var key);
            while (!writer.TryWrite(key, scratch.AsSpan(0, length), i))
            {
                await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
            }

            var written = i + 1;
            Volatile.Write(ref _written, written);
            if (checkpoint is not null && checkpointEvery > 0 && written % checkpointEvery == 0)
            {
                await checkpoint(writer, written, cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
