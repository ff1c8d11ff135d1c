using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;

namespace Phantom.Training.Replay;

/// <summary>
/// The built-in traffic generator as a replay source: the same bytes <c>TrafficGenerator.WriteFile</c> would write,
/// without the file (evaluation trains and tests on many seeds). Ordering is the event's index; ingest time is its
/// event time, as every generated event carries <c>ts</c>.
/// </summary>
public sealed class GeneratorReplaySource(PhantomOptions options, long events) : IReplaySource
{
    public string Name => $"generator seed {options.Generator.Seed}, α = {options.Generator.Alpha}, {events} events";

    public IEnumerable<ReplayRecord> Read(CancellationToken cancellationToken = default)
    {
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        var buffer = new byte[generator.MaxLineBytes];
        for (long i = 0; i < events; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var at = generator.NextEventTimeMs;
            generator.TryWriteNext(buffer, out var written, out _);
            yield return new ReplayRecord(i + 1, at, new ReadOnlyMemory<byte>(buffer, 0, written));
        }
    }
}
