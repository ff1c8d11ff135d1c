using Phantom.Streams.Configuration;
using Phantom.Streams.Flow;
using Phantom.Streams.Kafka;

namespace Phantom.Streams.Journal;

/// <summary>
/// <c>journal</c>: persists every event a session applied (after <c>session</c>), and at the end of each batch hands
/// the batch's events together with the shard's consumer offset to the group commit as one request (one transaction).
/// The offset is the highest source offset the shard saw (the <c>kafka-mark</c> stage marks every record, rejected
/// ones included, since those are dead-lettered) plus one, so on restart the source resumes exactly after the last
/// journaled event: nothing lost, nothing applied twice.
/// <para>
/// Pipelined: the shard goes on with the next batch while up to <see cref="JournalOptions.MaxInFlightBatches"/> of its
/// requests are still being committed; one more and <see cref="EndBatch"/> waits for the oldest (backpressure). The
/// Kafka side never runs ahead of durability: each request reports its offset to
/// <see cref="PartitionOffsets.MarkDurable"/> from the group commit, in commit order, once it is committed, and
/// <see cref="PartitionOffsets.Processed"/> (what the source commits to Kafka and flushes prices for) is capped by it.
/// After a request fails for good no later offset is reported, so a failed batch is never skipped over.
/// </para>
/// </summary>
public sealed class JournalStage : IFlowStage, IDisposable
{
    /// <summary>The stage's name in <c>phantom.pipeline.stages</c>.</summary>
    public const string StageName = "journal";

    private readonly GroupCommitJournalWriter _writer;
    private readonly int _shard;
    private readonly PartitionOffsets? _offsets;
    private readonly string _group;
    private readonly string _topic;
    private readonly string[] _tags;
    private readonly int _maxInFlight;
    private readonly SnapshotPolicy _snapshots;
    private readonly Sessions.SessionSnapshotWriter _snapshotBuffer = new();
    private readonly Queue<InFlight> _inFlight = new();
    private readonly Stack<InFlight> _spare = new();
    private InFlight _current;
    private long _stored = -1;
    private volatile Exception? _failure;

    /// <param name="writer">The node's group commit (shared by every shard, which is what merges their transactions).</param>
    /// <param name="shard">The shard, which is also the Kafka partition.</param>
    /// <param name="offsets">The source's offset marks; null when the events do not come from Kafka (no offsets stored).</param>
    /// <param name="group">The consumer group the offsets belong to.</param>
    /// <param name="topic">The events topic.</param>
    /// <param name="maxInFlight">Batches whose commit may still be open when <see cref="EndBatch"/> returns; 0 waits for each.</param>
    /// <param name="snapshotEvery">
    /// K: a session's state is snapshotted with its K-th, 2K-th, ... event, in the same transaction; 0 disables.
    /// </param>
    public JournalStage(GroupCommitJournalWriter writer, int shard, PartitionOffsets? offsets, string group, string topic, int maxInFlight = 0, int snapshotEvery = 0)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(maxInFlight);
        _writer = writer;
        _shard = shard;
        _offsets = offsets;
        _group = group;
        _topic = topic;
        _maxInFlight = maxInFlight;
        _tags = [ShardTag(shard)];
        _snapshots = new SnapshotPolicy(snapshotEvery);
        _current = new InFlight(this);
    }

    /// <inheritdoc />
    public string Name => StageName;

    /// <summary>Events this stage made durable (counted when the shard learns of it, at a later batch end or a <see cref="Flush"/>).</summary>
    public long Written { get; private set; }

    /// <summary>Snapshots this stage handed to the group commit (with their batch).</summary>
    public long SnapshotsTaken { get; private set; }

    /// <summary>Requests of this shard handed to the group commit and not yet known to be durable.</summary>
    public int InFlightBatches => _inFlight.Count;

    /// <summary>The tag every event of <paramref name="shard"/> carries (<c>p{shard}</c>), which recovery reads by.</summary>
    public static string ShardTag(int shard) => "p" + shard.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Registers the stage and places it right after <c>session</c> in <paramref name="options"/>' graph (node mode with a
    /// journal). Call after <see cref="KafkaStages.Configure"/> when the node consumes Kafka. With <paramref name="offsets"/>
    /// the Kafka offsets become gated by durability (<see cref="PartitionOffsets.RequireDurability"/>). With
    /// <paramref name="recovery"/>, a shard's recovery waits for the shard's open commits before it reads the journal.
    /// </summary>
    public static StageRegistry Configure(
        PhantomOptions options,
        StageRegistry registry,
        GroupCommitJournalWriter writer,
        PartitionOffsets? offsets,
        JournalSessionRecovery? recovery = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(writer);
        var group = options.Kafka.GroupId;
        var topic = options.Kafka.EventsTopic;
        var maxInFlight = options.Journal.MaxInFlightBatches;
        var snapshotEvery = options.Journal.SnapshotEvery;
        if (maxInFlight < 0)
        {
            throw new ConfigurationException($"phantom.journal.max-in-flight-batches must be 0 or more, got {maxInFlight}");
        }

        offsets?.RequireDurability();
        registry.Register(StageName, shard =>
        {
            var stage = new JournalStage(writer, shard.Shard, offsets, group, topic, maxInFlight, snapshotEvery);
            recovery?.Attach(shard.Shard, stage);
            return stage;
        });
        var stages = options.Pipeline.Stages;
        if (!stages.Contains(StageName))
        {
            var session = stages.IndexOf(Sessions.SessionStage.StageName);
            if (session < 0)
            {
                throw new ArgumentException(
                    $"phantom.pipeline.stages has no '{Sessions.SessionStage.StageName}' stage, which the journal stage follows",
                    nameof(options));
            }

            stages.Insert(session + 1, StageName);
        }

        return registry;
    }

    /// <inheritdoc />
    public void Process(ref EventContext context)
    {
        if (context.Stopped || context.Session is not { } session)
        {
            return;
        }

        // The copy is the persisted data: the record's memory goes back to the batch pool after this batch.
        _current.Events.Add(new JournalWrite(session.SessionId, session.Sequence, context.Record.ToArray(), Tags: _tags));
        if (_snapshots.ShouldSnapshot(session.Sequence))
        {
            // The state right after this event (stages run per event), committed with this batch: never ahead of it.
            _current.Snapshots.Add(new SnapshotWrite(session.SessionId, session.Sequence, Sessions.SessionSnapshot.Serialize(session, _snapshotBuffer)));
            SnapshotsTaken++;
        }
    }

    /// <inheritdoc />
    public void EndBatch()
    {
        Reap(wait: int.MaxValue); // only what is already done: never blocks

        if (_failure is { } failure)
        {
            _current.Clear();
            throw new InvalidOperationException($"shard {_shard}: an earlier journal write failed, so this shard journals nothing more: {failure.Message}", failure);
        }

        var request = _current;
        var mark = _offsets?.Pending(_shard) ?? -1;
        if (mark >= 0 && mark != _stored)
        {
            request.Offsets.Add(new ConsumerOffset(_group, _topic, _shard, mark + 1));
        }

        if (request.Events.Count == 0 && request.Offsets.Count == 0)
        {
            return;
        }

        request.Mark = request.Offsets.Count > 0 ? mark : -1;
        request.Generation = _offsets?.Generation(_shard) ?? 0;
        try
        {
            // Waits only while the group commit's queue is full: backpressure, nothing dropped.
            var accepted = _writer.EnqueueAsync(request.Events, request.Offsets, request.Snapshots, request, token: 0);
            request.Durable = accepted.IsCompletedSuccessfully ? accepted.Result : accepted.AsTask().GetAwaiter().GetResult();
        }
        catch
        {
            request.Clear();
            throw;
        }

        _stored = mark;
        _inFlight.Enqueue(request);
        _current = _spare.Count > 0 ? _spare.Pop() : new InFlight(this);
        Reap(wait: _maxInFlight);
    }

    /// <summary>Waits until every request of this shard is durable; throws the first failure. Shard thread only.</summary>
    public void Flush() => Reap(wait: 0, all: true);

    /// <summary>At the shard's exit (drain): waits for the open commits, so a drained pipeline is a durable one.</summary>
    public void Dispose() => Flush();

    /// <summary>
    /// Retires finished requests in order; then, while more than <paramref name="wait"/> remain (or any, with
    /// <paramref name="all"/>), waits for the oldest. A failed request's exception is thrown once retired.
    /// </summary>
    private void Reap(int wait, bool all = false)
    {
        while (_inFlight.Count > 0)
        {
            var head = _inFlight.Peek();
            if (!head.Durable!.IsCompleted && !all && _inFlight.Count <= wait)
            {
                return;
            }

            _inFlight.Dequeue();
            var count = head.Events.Count;
            var task = head.Durable;
            try
            {
                // Blocks until the commit is done (rethrowing its failure); only then may the request be recycled,
                // since the group commit reads its lists, and its callback its mark, until then.
                task.GetAwaiter().GetResult();
            }
            finally
            {
                head.Clear();
                _spare.Push(head);
            }

            Written += count;
        }
    }

    /// <summary>One batch's request: its lists stay untouched until the group commit is done with them.</summary>
    private sealed class InFlight(JournalStage stage) : IJournalCommitCallback
    {
        public List<JournalWrite> Events { get; } = new(256);

        public List<ConsumerOffset> Offsets { get; } = new(1);

        public List<SnapshotWrite> Snapshots { get; } = [];

        public long Mark { get; set; } = -1;

        public int Generation { get; set; }

        public Task? Durable { get; set; }

        public void Clear()
        {
            Events.Clear();
            Offsets.Clear();
            Snapshots.Clear();
            Mark = -1;
            Durable = null;
        }

        void IJournalCommitCallback.Durable(long token)
        {
            // On the group commit's loop, in commit order: a failure before this request stops every later report.
            if (Mark >= 0 && stage._failure is null)
            {
                stage._offsets?.MarkDurable(stage._shard, Mark, Generation);
            }
        }

        void IJournalCommitCallback.Failed(long token, Exception error) => stage._failure ??= error;
    }
}
