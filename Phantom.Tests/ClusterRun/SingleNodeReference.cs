using System.Text;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow.Sources;
using Phantom.Streams.Hosting;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.ClusterRun;

/// <summary>
/// What one node would make of the cluster's events: the records each session should have journaled, in order (the
/// parser's view), and the session entities of one in-process pipeline (<see cref="PhantomRuntime"/>, the nodes'
/// configuration, no Kafka, no journal) run over the same record list.
/// </summary>
internal sealed class SingleNodeReference
{
    private readonly Dictionary<string, SessionStateBits> _sessions;

    private SingleNodeReference(Dictionary<string, List<string>> records, Dictionary<string, SessionStateBits> sessions, SessionModel model)
    {
        Records = records;
        _sessions = sessions;
        Model = model;
    }

    /// <summary>Per session id, the records it applies, in order.</summary>
    public IReadOnlyDictionary<string, List<string>> Records { get; }

    /// <summary>Events applied in all (records that parse and are not admin pages).</summary>
    public long Applied => Records.Values.Sum(r => r.Count);

    /// <summary>The model the reference pipeline served (the nodes serve the same: same configuration, empty registry).</summary>
    public SessionModel Model { get; }

    /// <summary>The state of <paramref name="sessionId"/> at the end of the reference run.</summary>
    public SessionStateBits Session(string sessionId) => _sessions[sessionId];

    public static async Task<SingleNodeReference> RunAsync(PhantomOptions options, IReadOnlyList<byte[]> records)
    {
        var parser = new InteractionEventParser(options.Codec, new ProductCatalog(options.Catalog));
        var expected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var keys = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (!parser.TryParse(record, 0, out var e, out _) || e.IsAdminPage)
            {
                continue;
            }

            var id = Encoding.UTF8.GetString(e.SessionId.In(record));
            if (!expected.TryGetValue(id, out var list))
            {
                expected[id] = list = [];
                keys[id] = e.SessionKey;
            }

            list.Add(Encoding.UTF8.GetString(record));
        }

        await using var runtime = new PhantomRuntime(options, new InMemoryDeadLetterSink());
        runtime.Start();
        var source = MemoryRecordSource.FromJsonLines(records.Select(r => Encoding.UTF8.GetString(r)));
        await runtime.Pipeline.RunSourceAsync(source);
        await runtime.WhenIdleAsync(source.Count, CancellationToken.None);

        // Captured before the stop, which passivates (completes) every session.
        var sessions = new Dictionary<string, SessionStateBits>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            for (var shard = 0; shard < runtime.Partitions; shard++)
            {
                if (runtime.Sessions[shard] is { } table && table.TryGet(key, out var entity))
                {
                    sessions[id] = SessionStateBits.Of(entity);
                    break;
                }
            }
        }

        var model = runtime.Model;
        await runtime.StopAsync();
        return new SingleNodeReference(expected, sessions, model);
    }
}
