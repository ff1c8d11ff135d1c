using System.Text.Json;
using Phantom.Streams.Events;
using Phantom.Streams.Hosting;
using Phantom.Streams.Journal;
using Phantom.Streams.Pricing;
using Phantom.Streams.Sessions;

namespace Phantom.Cluster.Membership;

/// <summary>
/// Reads one live session's full state (docs/ADMIN-API.md "SessionState") on its shard's worker thread between two
/// batches (<see cref="Streams.Flow.PartitionedPipeline.AskShardAsync{T}"/>), so the features, f(τ) and q̂ all come
/// from the same instant of the single-writer entity; prices come from the node's price store afterwards.
/// <para>
/// <c>last_events</c> come from the journal (the session's last <see cref="LastEventCount"/> durable events, as
/// they were received), read after the shard answered and off its thread: keeping recent events in the entity would
/// cost a copy per event on the hot path (the entity folds events into statistics and keeps none). Without a journal
/// the list is empty.
/// </para>
/// </summary>
public sealed class SessionStateReader(PhantomRuntime runtime, IPriceStore prices, IJournal? journal = null)
{
    /// <summary>How many of a session's latest events <c>last_events</c> shows.</summary>
    public const int LastEventCount = 10;

    /// <summary>How long a shard may take to reach its next batch boundary before the query gives up (TimeoutException).</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly PhantomRuntime _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
    private readonly IPriceStore _prices = prices ?? throw new ArgumentNullException(nameof(prices));

    /// <summary>The session's state as a JSON-ready dictionary, or null when shard <paramref name="shard"/> does not hold it in memory.</summary>
    public async Task<Dictionary<string, object?>?> ReadAsync(string sessionId, int shard, string node, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var key = Utf8Hash.Of(sessionId);
        var catalog = _runtime.Catalog;
        var state = await _runtime.Pipeline.AskShardAsync(shard, () =>
        {
            var table = _runtime.Sessions[shard];
            if (table is null || !table.TryGet(key, out var entity))
            {
                return null;
            }

            var features = entity.Snapshot().ToArray();
            var products = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var product in catalog.All)
            {
                var demand = entity.ProductDemand(product.Index);
                if (demand != 0)
                {
                    products[product.Id] = Finite(demand);
                }
            }

            return new Dictionary<string, object?>
            {
                ["session_id"] = entity.SessionId,
                ["shard"] = shard,
                ["node"] = node,
                ["events"] = entity.Sequence,
                ["last_sequence"] = entity.Sequence,
                ["features"] = SessionFeatures.FeatureNames.Select((name, i) => (name, i)).ToDictionary(f => f.name, f => Finite(features[f.i])),
                ["f_tau"] = Finite(entity.AgentProbability),
                ["q_hat"] = new Dictionary<string, object?> { ["session"] = Finite(entity.Demand), ["products"] = products },
            };
        }).WaitAsync(AskTimeout, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }

        var quoted = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var product in catalog.All)
        {
            if (_prices.TryGetSessionPrice(sessionId, product.Index, out var price))
            {
                quoted[product.Id] = Math.Round(price.Price, 2);
            }
        }

        state["prices"] = quoted;
        state["last_events"] = journal is null ? Array.Empty<object>() : await LastEventsAsync(journal, sessionId, (long)state["last_sequence"]!, cancellationToken).ConfigureAwait(false);
        return state;
    }

    private static async Task<List<Dictionary<string, object?>>> LastEventsAsync(IJournal journal, string sessionId, long lastSequence, CancellationToken cancellationToken)
    {
        var events = new List<Dictionary<string, object?>>(LastEventCount);
        var from = Math.Max(1, lastSequence - LastEventCount + 1);
        await foreach (var stored in journal.CurrentEventsByPersistenceId(sessionId, from, lastSequence, cancellationToken).ConfigureAwait(false))
        {
            using var record = JsonDocument.Parse(stored.Payload);
            events.Add(new Dictionary<string, object?>
            {
                ["sequence_nr"] = stored.SequenceNr,
                ["event"] = record.RootElement.Clone(),
            });
        }

        return events;
    }

    // JSON has no NaN or infinity: such a value (e.g. a ratio over nothing) is reported as null.
    private static object? Finite(double value) => double.IsFinite(value) ? value : null;
}
