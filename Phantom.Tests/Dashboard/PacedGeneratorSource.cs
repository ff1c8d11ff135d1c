using Phantom.Streams.Flow;
using Phantom.Streams.Generation;

namespace Phantom.Tests.Dashboard;

/// <summary>
/// Generated traffic at a steady pace until cancelled (or <see cref="MaxEvents"/>): a chunk every few milliseconds,
/// flushed at once, so a dashboard watching the node sees events/s and live sessions move for as long as the test runs.
/// </summary>
internal sealed class PacedGeneratorSource(TrafficGenerator generator, int eventsPerChunk = 200, int chunkDelayMs = 20) : IFlowSource
{
    private long _written;

    public string Name => "paced-generator";

    /// <summary>A bound so a test that forgets to stop the node cannot run forever.</summary>
    public long MaxEvents { get; init; } = 5_000_000;

    public long Written => Interlocked.Read(ref _written);

    public async Task RunAsync(PipelineWriter writer, CancellationToken cancellationToken)
    {
        var scratch = new byte[generator.MaxLineBytes];
        long offset = 0;
        while (!cancellationToken.IsCancellationRequested && offset < MaxEvents)
        {
            for (var i = 0; i < eventsPerChunk; i++, offset++)
            {
                generator.TryWriteNext(scratch, out var length, out var key);
                while (!writer.TryWrite(key, scratch.AsSpan(0, length), offset))
                {
                    await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            Interlocked.Exchange(ref _written, offset);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(chunkDelayMs, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
