using System.Text;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Generation;
using Phantom.Streams.Journal;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Journal;

/// <summary>
/// Generated traffic folded onto a few long sessions, applied to reference entities and journaled the way the node's
/// journal stage does (records as payloads, tag <c>p0</c>), with a snapshot of the reference every K events in the
/// same append. What snapshot recovery tests and the recovery measurement start from.
/// </summary>
internal sealed class SnapshotSessions
{
    private SnapshotSessions(PhantomOptions options, InteractionEventParser parser, SessionModel model)
    {
        Options = options;
        Parser = parser;
        Model = model;
    }

    public PhantomOptions Options { get; }

    public InteractionEventParser Parser { get; }

    public SessionModel Model { get; }

    /// <summary>Each session's entity after all its events, by session id.</summary>
    public Dictionary<string, SessionEntity> Reference { get; } = new(StringComparer.Ordinal);

    public long Events { get; private set; }

    /// <summary>Journals <paramref name="events"/> generated events spread over <paramref name="sessions"/> sessions, snapshotting every <paramref name="snapshotEvery"/> (0: never).</summary>
    public static async Task<SnapshotSessions> WriteAsync(IJournal journal, int sessions, int events, int snapshotEvery, int seed = 11)
    {
        var options = new PhantomOptions();
        options.Generator.Seed = seed;
        var catalog = new ProductCatalog(options.Catalog);
        var result = new SnapshotSessions(options, new InteractionEventParser(options.Codec, catalog), SessionModel.From(options));
        var generator = new TrafficGenerator(options, catalog);
        var buffer = new byte[generator.MaxLineBytes];
        var ids = new List<string>(sessions);
        var writes = new List<JournalWrite>();
        var snapshots = new List<SnapshotWrite>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string[] tags = [JournalStage.ShardTag(0)];
        while (result.Events < events)
        {
            generator.TryWriteNext(buffer, out var written, out _);
            var line = Encoding.UTF8.GetString(buffer, 0, written);
            if (!result.Parser.TryParse(Encoding.UTF8.GetBytes(line), now, out var parsed, out _) || parsed.IsAdminPage)
            {
                continue;
            }

            // Fold the generator's many short sessions onto a few long ones: same-length ids keep the record valid.
            var original = Encoding.UTF8.GetString(parsed.SessionId.In(Encoding.UTF8.GetBytes(line)));
            if (ids.Count < sessions && !ids.Contains(original))
            {
                ids.Add(original);
            }

            var target = ids[(int)(result.Events % ids.Count)];
            if (target.Length != original.Length)
            {
                continue;
            }

            var record = Encoding.UTF8.GetBytes(line.Replace(original, target, StringComparison.Ordinal));
            if (!result.Parser.TryParse(record, now, out var e, out _))
            {
                continue;
            }

            if (!result.Reference.TryGetValue(target, out var entity))
            {
                entity = new SessionEntity(Utf8Hash.Of(target), target, result.Model);
                result.Reference.Add(target, entity);
            }

            entity.Apply(in e);
            result.Events++;
            writes.Add(new JournalWrite(target, entity.Sequence, record, Tags: tags));
            if (snapshotEvery > 0 && entity.Sequence % snapshotEvery == 0)
            {
                snapshots.Add(new SnapshotWrite(target, entity.Sequence, SessionSnapshot.Serialize(entity)));
            }

            if (writes.Count == 2000)
            {
                await journal.AppendAsync(writes, [], snapshots);
                writes.Clear();
                snapshots.Clear();
            }
        }

        await journal.AppendAsync(writes, [], snapshots);
        return result;
    }

    /// <summary>A shard recovery over <paramref name="journal"/> that knows every journaled session.</summary>
    public JournalShardRecovery Recovery(IJournal journal, List<string>? warnings = null)
    {
        var recovery = new JournalShardRecovery(journal, Parser) { Warning = warnings is null ? null : warnings.Add };
        recovery.Assign(Reference.Keys.Select(Utf8Hash.Of).ToHashSet());
        return recovery;
    }

    /// <summary>A fresh entity of <paramref name="sessionId"/>, rebuilt by <paramref name="recovery"/>.</summary>
    public SessionEntity Recover(JournalShardRecovery recovery, string sessionId)
    {
        var entity = new SessionEntity(Utf8Hash.Of(sessionId), sessionId, Model);
        Assert.True(recovery.TryRecover(entity), $"session {sessionId} was not recovered");
        return entity;
    }
}
