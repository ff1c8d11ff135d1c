using System.Text;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Journal;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.ClusterRun;

/// <summary>
/// The end-of-run checks of a cluster test, all from the shared PostgreSQL journal: every produced event applied
/// exactly once, per-session sequence numbers contiguous, the stored offsets covering every produced record, and each
/// session, recovered from the journal by the nodes' own recovery code, equal bit for bit to the single-node run.
/// </summary>
internal static class ClusterJournalAudit
{
    /// <summary>Runs every check; returns how many sessions were compared.</summary>
    public static async Task<int> AssertExactlyOnceAsync(IJournal journal, PhantomOptions options, SingleNodeReference reference, long produced)
    {
        var events = new List<JournalEvent>();
        await foreach (var e in journal.CurrentAllEvents())
        {
            events.Add(e);
        }

        // Exactly once: as many journaled events as the single-node run applied (none lost, none twice) ...
        Assert.Equal(reference.Applied, events.Count);
        var sessions = events.GroupBy(e => e.PersistenceId, StringComparer.Ordinal).ToList();
        Assert.Equal(reference.Records.Keys.Order(StringComparer.Ordinal), sessions.Select(s => s.Key).Order(StringComparer.Ordinal));
        foreach (var session in sessions)
        {
            var journaled = session.OrderBy(e => e.SequenceNr).ToList();
            // ... each session numbered 1..n without gap or repeat, holding its very records in their order ...
            Assert.Equal(Enumerable.Range(1, journaled.Count).Select(i => (long)i), journaled.Select(e => e.SequenceNr));
            Assert.Equal(reference.Records[session.Key], journaled.Select(e => Encoding.UTF8.GetString(e.Payload)));
            // ... and on one shard (its Kafka partition) throughout, whoever owned it.
            Assert.Single(journaled.Select(e => Assert.Single(e.Tags)).Distinct());
        }

        // The offsets stored with the events cover every produced record (fresh topic: next offset = record count).
        var offsets = await journal.ReadOffsetsAsync(options.Kafka.GroupId);
        Assert.Equal(options.Kafka.Partitions, offsets.Count(o => o.Topic == options.Kafka.EventsTopic));
        Assert.Equal(produced, offsets.Where(o => o.Topic == options.Kafka.EventsTopic).Sum(o => o.Offset));

        return AssertRecoveredSessionsMatch(journal, options, reference, sessions.Select(s => s.Key).ToList());
    }

    /// <summary>
    /// Rebuilds each session from the journal with <see cref="JournalShardRecovery"/> (what a node does when it takes a
    /// shard over) and compares it with the reference pipeline's entity: sequence, every feature and the live scores,
    /// bit for bit.
    /// </summary>
    private static int AssertRecoveredSessionsMatch(IJournal journal, PhantomOptions options, SingleNodeReference reference, List<string> sessionIds)
    {
        var recovery = new JournalShardRecovery(journal, new InteractionEventParser(options.Codec, new ProductCatalog(options.Catalog)));
        recovery.Assign(sessionIds.Select(id => Utf8Hash.Of(Encoding.UTF8.GetBytes(id))).ToHashSet());
        foreach (var id in sessionIds)
        {
            var recovered = new SessionEntity(Utf8Hash.Of(Encoding.UTF8.GetBytes(id)), id, reference.Model);
            Assert.True(recovery.TryRecover(recovered), $"session {id} was not recovered from the journal");
            SessionStateBits.Of(recovered).AssertEqualTo(reference.Session(id));
        }

        return sessionIds.Count;
    }
}
