using Phantom.Streams.Configuration;
using Phantom.Streams.Flow;
using Phantom.Streams.Kafka;

namespace Phantom.Streams.Journal;

/// <summary>
/// <c>journal</c>: persists every event a session applied (after <c>session</c>), and at the end of each batch writes the
/// batch's events together with the shard's consumer offset in one transaction through the group commit, waiting until
/// it is durable before the batch counts as processed. The offset is the highest source offset the shard saw (the
/// <c>kafka-mark</c> stage marks every record, rejected ones included, since those are dead-lettered) plus one, so on
/// restart the source resumes exactly after the last journaled event: nothing lost, nothing applied twice.
/// </summary>
public sealed class JournalStage : IFlowStage
{
    /// <summary>The stage's name in <c>phantom.pipeline.stages</c>.</summary>
    public const string StageName = "journal";

    private readonly GroupCommitJournalWriter _writer;
    private readonly int _shard;
    private readonly PartitionOffsets? _offsets;
    private readonly string _group;
    private readonly string _topic;
    private readonly string[] _tags;
    private readonly List<JournalWrite> _events = new(256);
    private readonly List<ConsumerOffset> _consumerOffsets = new(1);
    private long _stored = -1;

    /// <param name="writer">The node's group commit (shared by every shard, which is what merges their transactions).</param>
    /// <param name="shard">The shard, which is also the Kafka partition.</param>
    /// <param name="offsets">The source's offset marks; null when the events do not come from Kafka (no offsets stored).</param>
    /// <param name="group">The consumer group the offsets belong to.</param>
    /// <param name="topic">The events topic.</param>
    public JournalStage(GroupCommitJournalWriter writer, int shard, PartitionOffsets? offsets, string group, string topic)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(topic);
        _writer = writer;
        _shard = shard;
        _offsets = offsets;
        _group = group;
        _topic = topic;
        _tags = [ShardTag(shard)];
    }

    /// <inheritdoc />
    public string Name => StageName;

    /// <summary>Events this stage made durable.</summary>
    public long Written { get; private set; }

    /// <summary>The tag every event of <paramref name="shard"/> carries (<c>p{shard}</c>), which recovery reads by.</summary>
    public static string ShardTag(int shard) => "p" + shard.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Registers the stage and places it right after <c>session</c> in <paramref name="options"/>' graph (node mode with a
    /// journal). Call after <see cref="KafkaStages.Configure"/> when the node consumes Kafka.
    /// </summary>
    public static StageRegistry Configure(PhantomOptions options, StageRegistry registry, GroupCommitJournalWriter writer, PartitionOffsets? offsets)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(writer);
        var group = options.Kafka.GroupId;
        var topic = options.Kafka.EventsTopic;
        registry.Register(StageName, shard => new JournalStage(writer, shard.Shard, offsets, group, topic));
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
        _events.Add(new JournalWrite(session.SessionId, session.Sequence, context.Record.ToArray(), Tags: _tags));
    }

    /// <inheritdoc />
    public void EndBatch()
    {
        var mark = _offsets?.Pending(_shard) ?? -1;
        if (mark >= 0 && mark != _stored)
        {
            _consumerOffsets.Add(new ConsumerOffset(_group, _topic, _shard, mark + 1));
        }

        if (_events.Count == 0 && _consumerOffsets.Count == 0)
        {
            return;
        }

        try
        {
            // Backpressure: the batch is not done (nor its Kafka offset published) until the transaction is durable.
            _writer.WriteAsync(_events, _consumerOffsets).AsTask().GetAwaiter().GetResult();
            Written += _events.Count;
            _stored = mark;
        }
        finally
        {
            _events.Clear();
            _consumerOffsets.Clear();
        }
    }
}
