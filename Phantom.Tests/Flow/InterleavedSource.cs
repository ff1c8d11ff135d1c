using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

/// <summary>
/// Writes <c>sessions × eventsPerSession</c> test records round-robin over sessions (so every batch mixes many
/// sessions), each session's sequence counting from 0; optionally pauses between records so a test can act mid-flow.
/// </summary>
internal sealed class InterleavedSource(int sessions, int eventsPerSession, int yieldEvery = 0) : IFlowSource
{
    public string Name => "interleaved";

    public int Total => sessions * eventsPerSession;

    public async Task RunAsync(PipelineWriter writer, CancellationToken cancellationToken)
    {
        var written = 0;
        for (var sequence = 0; sequence < eventsPerSession; sequence++)
        {
            for (var session = 0; session < sessions; session++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var payload = TestPayload.Encode((ulong)session, sequence);
                while (!writer.TryWrite(TestPayload.KeyOf((ulong)session), payload, written))
                {
                    await writer.WaitToWriteAsync(cancellationToken);
                }

                written++;
                if (yieldEvery > 0 && written % yieldEvery == 0)
                {
                    await writer.FlushAsync(cancellationToken);
                    await Task.Delay(1, cancellationToken);
                }
            }
        }
    }
}
