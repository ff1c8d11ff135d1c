using Confluent.Kafka;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Flow.Sources;

namespace Phantom.Streams.Kafka;

/// <summary>
/// The events topic as an <see cref="IFlowSource"/>: one member of <see cref="KafkaOptions.GroupId"/> with
/// cooperative-sticky assignment, where a partition is a shard (the pipeline's partitions must equal the topic's).
/// Each record goes to <see cref="PipelineWriter.TryWriteToShard"/> of its partition, routed within it by the hash of
/// its key (the session id) or, for a record without a key, of the <c>sessionId</c> in its JSON.
/// <para>
/// Offsets: nothing is committed automatically. On assignment each new partition is sought to
/// <see cref="IOffsetStore.Load"/> (or the group's committed offset) and <see cref="PartitionsAssigned"/> fires; on
/// revocation the source flushes its batches, waits until the revoked partitions' records have left the pipeline
/// (<see cref="Processed"/>, kept by <see cref="KafkaOffsetStage"/>), saves and commits their offsets, then fires
/// <see cref="PartitionsRevoked"/> so the node can drop the shards. Processed offsets are also saved every
/// <see cref="KafkaOptions.CommitInterval"/>, and committed to Kafka then too when Kafka's committed offsets are the
/// store (with another store, such as the journal, a periodic commit during a rebalance would only risk the
/// assignment: librdkafka treats its stale-generation error as a lost assignment). Delivery is at-least-once across a crash; exactly-once needs the
/// journal-backed <see cref="IOffsetStore"/>.
/// </para>
/// <para>
/// Recovery: with a <see cref="RecoveryGate"/>, a newly assigned partition's records are held back until the gate says
/// its shard recovered (the recovery reads the journal in the background, started by <see cref="PartitionsAssigned"/>).
/// Its first records are parked here and the partition is paused (<see cref="IConsumer{TKey,TValue}.Pause"/>), so only
/// that partition waits: the consumer thread goes on feeding every other shard, and on resume librdkafka fetches again
/// from the first record not handed to the application.
/// </para>
/// <para>
/// Per record: Confluent's result objects (two small ones), no payload copy beyond the one into the batch: the value
/// deserializer copies the bytes straight from librdkafka's buffer into a reused scratch buffer.
/// </para>
/// </summary>
public sealed class KafkaSource : IFlowSource
{
    private static readonly TimeSpan ProcessedWaitLimit = TimeSpan.FromSeconds(60);

    private readonly KafkaOptions _options;
    private readonly IOffsetStore _store;
    private readonly string _clientId;
    private readonly Lock _gate = new();
    private readonly long[] _lastWritten;
    private readonly long[] _committed;
    private readonly bool[] _owned;
    private byte[] _scratch = new byte[64 * 1024];
    private int _scratchLength;
    private PipelineWriter? _writer;
    private IConsumer<ulong, int>? _consumer;
    private CancellationToken _cancellation;
    private long _consumed;
    private long _rebalances;
    private long _commits;
    private long _lost;
    private Exception? _lastCommitError;
    private Exception? _handlerError;
    private readonly PartitionRecoveryHold _hold;

    /// <param name="options">Bootstrap servers, group, topic, partitions.</param>
    /// <param name="processed">The offsets the pipeline's <see cref="KafkaOffsetStage"/>s publish (see <see cref="KafkaStages.Configure"/>).</param>
    /// <param name="store">Where assigned partitions resume; <see cref="KafkaCommittedOffsetStore"/> when null.</param>
    /// <param name="clientId">This member's client id (a node's name).</param>
    public KafkaSource(KafkaOptions options, PartitionOffsets processed, IOffsetStore? store = null, string clientId = "phantom")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(processed);
        options.Validate();
        _options = options;
        Processed = processed;
        _store = store ?? KafkaCommittedOffsetStore.Instance;
        _clientId = clientId;
        _lastWritten = new long[processed.Partitions];
        _committed = new long[processed.Partitions];
        _owned = new bool[processed.Partitions];
        Array.Fill(_lastWritten, -1L);
        Array.Fill(_committed, -1L);
        _hold = new PartitionRecoveryHold(processed.Partitions);
    }

    public string Name => $"kafka:{_options.EventsTopic}";

    /// <summary>Fires on the consumer's thread with the partitions newly assigned, after they were sought and before any of their records is written.</summary>
    public event Action<IReadOnlyList<int>>? PartitionsAssigned;

    /// <summary>
    /// Fires on the consumer's thread with the partitions taken away (revoked or lost), once their records have left
    /// the pipeline and, when revoked, their offsets were committed: the place to hand the shards off.
    /// </summary>
    public event Action<IReadOnlyList<int>>? PartitionsRevoked;

    /// <summary>
    /// Runs before every commit on the consumer's thread: e.g. flush the prices producer, so that a committed offset
    /// implies its prices were delivered, not only queued. False skips this commit (retried at the next interval; a
    /// skipped commit on revocation means the next owner replays those records, never that they are lost).
    /// </summary>
    public Func<bool>? BeforeCommit { get; set; }

    /// <summary>
    /// When set, a newly assigned partition's records wait (parked, the partition paused) until
    /// <see cref="IPartitionRecoveryGate.IsReady"/> says its shard recovered; the other partitions keep flowing. Set
    /// before <see cref="RunAsync"/>.
    /// </summary>
    public IPartitionRecoveryGate? RecoveryGate { get; set; }

    /// <summary>Records held back because their partition was still recovering, so far.</summary>
    public long RecordsParked => _hold.Parked;

    /// <summary>Partitions assigned but not yet released to their shards (recovering).</summary>
    public int RecoveringPartitions => _hold.Waiting;

    /// <summary>The highest processed offset per partition (what the committer commits, plus one).</summary>
    public PartitionOffsets Processed { get; }

    /// <summary>Records written to the pipeline so far.</summary>
    public long RecordsConsumed => Interlocked.Read(ref _consumed);

    /// <summary>Assignments and revocations seen.</summary>
    public long Rebalances => Interlocked.Read(ref _rebalances);

    /// <summary>Times partitions were lost (the group moved on without this member's revocation; nothing was committed for them).</summary>
    public long LostAssignments => Interlocked.Read(ref _lost);

    /// <summary>Offset commits made to Kafka.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>The last failed commit's error (commits are retried at the next interval), null if none.</summary>
    public Exception? LastCommitError => Volatile.Read(ref _lastCommitError);

    /// <summary>Partitions this member owns now.</summary>
    public IReadOnlyList<int> AssignedPartitions
    {
        get
        {
            lock (_gate)
            {
                return Enumerable.Range(0, _owned.Length).Where(p => _owned[p]).ToArray();
            }
        }
    }

    /// <summary>
    /// Consumer lag of every partition this member owns: the partition's high watermark (librdkafka's cached value from
    /// its last fetch, no broker round trip) minus the next offset not yet processed (durable, with a journal), or
    /// minus the consumer's position before anything was processed. Partitions whose watermark is not known yet are
    /// left out. Cheap; any thread (a metrics scrape).
    /// </summary>
    public IReadOnlyList<(int Partition, long Lag)> ConsumerLag()
    {
        var result = new List<(int, long)>();
        lock (_gate)
        {
            if (_consumer is not { } consumer)
            {
                return result;
            }

            for (var p = 0; p < _owned.Length; p++)
            {
                if (!_owned[p])
                {
                    continue;
                }

                try
                {
                    var tp = new TopicPartition(_options.EventsTopic, new Partition(p));
                    var high = consumer.GetWatermarkOffsets(tp).High;
                    if (high == Offset.Unset)
                    {
                        continue;
                    }

                    var processed = Processed.Processed(p);
                    var next = processed >= 0 ? processed + 1 : consumer.Position(tp).Value;
                    if (next < 0)
                    {
                        continue; // nothing fetched yet: the start offset is not known
                    }

                    result.Add((p, Math.Max(0, high.Value - next)));
                }
                catch (KafkaException)
                {
                    // The partition is being handed over: no figure this time.
                }
            }
        }

        return result;
    }

    /// <summary>The next offset committed for <paramref name="partition"/> by this member, -1 if none.</summary>
    public long CommittedOffset(int partition) => Volatile.Read(ref _committed[partition]);

    public async Task RunAsync(PipelineWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.Partitions != Processed.Partitions)
        {
            throw new InvalidOperationException(
                $"the pipeline has {writer.Partitions} partitions but the offset tracker has {Processed.Partitions}; both must equal the topic's");
        }

        _writer = writer;
        _cancellation = cancellationToken;
        var config = KafkaClients.Consumer(_options, _clientId);
        // The loop reads only partition, offset, key and value: without this Confluent marshals the topic name into a
        // new string, and the timestamp and headers, for every record. So result.Topic (and result.TopicPartition's
        // topic) is null here: name the topic from the options.
        config.ConsumeResultFields = "none";
        using var consumer = new ConsumerBuilder<ulong, int>(config)
            .SetKeyDeserializer(new KeyHashDeserializer())
            .SetValueDeserializer(new ScratchDeserializer(this))
            .SetPartitionsAssignedHandler((c, assigned) => GuardAssigned(c, assigned))
            // Action handlers, not Func ones: Confluent refuses handlers that return an assignment under COOPERATIVE.
            .SetPartitionsRevokedHandler((c, revoked) => Guard(() => OnRevoked(c, revoked, commit: true)))
            .SetPartitionsLostHandler((c, lost) => Guard(() => OnRevoked(c, lost, commit: false)))
            .Build();
        CheckPartitions(consumer, writer.Partitions);
        lock (_gate)
        {
            _consumer = consumer;
        }

        consumer.Subscribe(_options.EventsTopic);
        var nextCommit = Environment.TickCount64 + (long)_options.CommitInterval.TotalMilliseconds;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(_options.PollTimeout);
                if (Interlocked.Exchange(ref _handlerError, null) is { } handlerError)
                {
                    throw new InvalidOperationException($"{Name}: a rebalance handler failed: {handlerError.Message}", handlerError);
                }

                if (result is null)
                {
                    // Idle: nothing may sit in a partial batch while no more records come to fill it.
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var partition = result.Partition.Value;
                    var offset = result.Offset.Value;
                    var key = result.Message.Key;
                    if (key == 0)
                    {
                        key = SessionIdScanner.KeyOf(_scratch.AsSpan(0, _scratchLength));
                    }

                    if (_hold.Waiting > 0 && _hold.IsWaiting(partition))
                    {
                        // Its shard is still recovering: hold it back, pause the partition, serve the others.
                        if (_hold.Park(partition, key, _scratch.AsSpan(0, _scratchLength), offset))
                        {
                            // Not result.TopicPartition: with ConsumeResultFields "none" its topic is null, and librdkafka
                            // dereferences a null topic name (a segmentation fault, not an exception).
                            consumer.Pause([new TopicPartition(_options.EventsTopic, new Partition(partition))]);
                        }

                        if (_hold.OverBudget)
                        {
                            await WaitForRecoveryAsync(partition, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        while (!writer.TryWriteToShard(partition, key, _scratch.AsSpan(0, _scratchLength), offset))
                        {
                            await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
                        }

                        _lastWritten[partition] = offset;
                        _consumed++;
                    }
                }

                if (_hold.Waiting > 0)
                {
                    await ReleaseRecoveredAsync(consumer, writer, cancellationToken).ConfigureAwait(false);
                }

                if (Environment.TickCount64 >= nextCommit)
                {
                    // To Kafka only when Kafka's offsets are the ones read back: a commit that meets a rebalance of the
                    // group fails with a stale generation, and librdkafka answers that by dropping this member's
                    // whole assignment (every shard of the node recovers, not only the moved ones). Another store
                    // (the journal) still saves here, and revocations and close still commit to Kafka.
                    Commit(consumer, AssignedPartitions, toKafka: _store is KafkaCommittedOffsetStore);
                    nextCommit = Environment.TickCount64 + (long)_options.CommitInterval.TotalMilliseconds;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The kill switch: leave the group cleanly below.
        }
        finally
        {
            // Close leaves the group: the revoked handler flushes, waits for the pipeline and commits what it processed.
            _cancellation = CancellationToken.None;
            lock (_gate)
            {
                _consumer = null;
            }

            try
            {
                consumer.Close();
            }
            catch (KafkaException)
            {
                // Broker gone at shutdown: nothing left to hand back.
            }
        }

        if (Interlocked.Exchange(ref _handlerError, null) is { } closeError)
        {
            throw new InvalidOperationException($"{Name}: handing back the partitions on close failed: {closeError.Message}", closeError);
        }
    }

    private void CheckPartitions(IConsumer<ulong, int> consumer, int pipelinePartitions)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(_options.EventsTopic, TimeSpan.FromSeconds(10));
        var topic = metadata.Topics.SingleOrDefault(t => t.Topic == _options.EventsTopic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            throw new InvalidOperationException(
                $"topic '{_options.EventsTopic}' is not available at {_options.BootstrapServers}: {topic?.Error.Reason ?? "no metadata"}");
        }

        if (topic.Partitions.Count != pipelinePartitions)
        {
            throw new InvalidOperationException(
                $"topic '{_options.EventsTopic}' has {topic.Partitions.Count} partitions but the pipeline has {pipelinePartitions} " +
                "(phantom.pipeline.partitions): a partition is a shard, so they must be equal");
        }
    }

    /// <summary>
    /// Runs a rebalance handler without letting an exception escape into Confluent's callback (which would answer it
    /// with an eager unassign that librdkafka refuses under COOPERATIVE and crash the process): the poll loop rethrows it.
    /// </summary>
    private void Guard(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _handlerError, ex);
        }
    }

    private IEnumerable<TopicPartitionOffset> GuardAssigned(IConsumer<ulong, int> consumer, List<TopicPartition> assigned)
    {
        try
        {
            return OnAssigned(consumer, assigned);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _handlerError, ex);
            return assigned.Select(tp => new TopicPartitionOffset(tp, Offset.Unset)).ToList();
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<ulong, int> consumer, List<TopicPartition> assigned)
    {
        var partitions = assigned.Select(tp => tp.Partition.Value).ToArray();
        var seeks = new List<TopicPartitionOffset>(assigned.Count);
        lock (_gate)
        {
            foreach (var tp in assigned)
            {
                var p = tp.Partition.Value;
                _owned[p] = true;
                if (RecoveryGate is not null)
                {
                    _hold.Hold(p);
                }

                _lastWritten[p] = -1;
                _committed[p] = -1;
                Processed.Reset(p); // the shard holds none of its records: it did not own them
                var stored = _store.Load(_options.GroupId, _options.EventsTopic, p);
                seeks.Add(new TopicPartitionOffset(tp, stored is { } next ? new Offset(next) : Offset.Unset));
            }
        }

        if (partitions.Length > 0)
        {
            Interlocked.Increment(ref _rebalances);
            PartitionsAssigned?.Invoke(partitions);
        }

        return seeks;
    }

    private void OnRevoked(IConsumer<ulong, int> consumer, List<TopicPartitionOffset> revoked, bool commit)
    {
        var partitions = revoked.Select(tpo => tpo.Partition.Value).Where(p => p >= 0 && p < _owned.Length).ToArray();
        if (partitions.Length == 0)
        {
            return;
        }

        Interlocked.Increment(ref _rebalances);
        foreach (var p in partitions)
        {
            // Parked records were never written, so never processed or committed: the next owner reads them again.
            if (_hold.Drop(p))
            {
                ResumeQuietly(consumer, p);
            }
        }

        if (!commit)
        {
            Interlocked.Increment(ref _lost);
        }

        if (WaitUntilProcessed(partitions))
        {
            // Lost: the group has moved on, so Kafka would refuse the commit; the offset store still learns what was
            // processed here (it keeps the highest), which spares the next owner replays when it loads after this.
            Commit(consumer, partitions, toKafka: commit);
        }

        lock (_gate)
        {
            foreach (var p in partitions)
            {
                _owned[p] = false;
                _lastWritten[p] = -1;
                Processed.Reset(p);
            }
        }

        PartitionsRevoked?.Invoke(partitions);
    }

    /// <summary>Hands the parked records of every partition whose recovery finished to its shard, in order, and resumes it.</summary>
    private async ValueTask ReleaseRecoveredAsync(IConsumer<ulong, int> consumer, PipelineWriter writer, CancellationToken cancellationToken)
    {
        var gate = RecoveryGate;
        for (var p = 0; p < _owned.Length && _hold.Waiting > 0; p++)
        {
            if (!_hold.IsWaiting(p) || (gate is not null && !gate.IsReady(p)))
            {
                continue;
            }

            var parked = _hold.Release(p, out var paused);
            if (parked is not null)
            {
                foreach (var record in parked)
                {
                    while (!writer.TryWriteToShard(p, record.Key, record.Value, record.Offset))
                    {
                        await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
                    }

                    _lastWritten[p] = record.Offset;
                    _consumed++;
                }
            }

            if (paused)
            {
                consumer.Resume([new TopicPartition(_options.EventsTopic, new Partition(p))]);
            }
        }
    }

    /// <summary>
    /// The parking budget is spent (the pause did not stop the records in time): wait for this partition's recovery
    /// on the consumer thread, the old behaviour, rather than hold unbounded records.
    /// </summary>
    private async ValueTask WaitForRecoveryAsync(int partition, CancellationToken cancellationToken)
    {
        while (RecoveryGate is { } gate && _hold.IsWaiting(partition) && !gate.IsReady(partition))
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
    }

    private void ResumeQuietly(IConsumer<ulong, int> consumer, int partition)
    {
        try
        {
            consumer.Resume([new TopicPartition(_options.EventsTopic, new Partition(partition))]);
        }
        catch (KafkaException)
        {
            // Lost partition: no longer assigned here, nothing to resume.
        }
    }

    /// <summary>Flushes and waits until every record written of <paramref name="partitions"/> is processed; false if the pipeline stopped.</summary>
    private bool WaitUntilProcessed(int[] partitions)
    {
        var writer = _writer;
        if (writer is null)
        {
            return false;
        }

        try
        {
            // On the consumer's thread inside librdkafka's callback, which is synchronous: block on the flush here.
            writer.FlushAsync(_cancellation).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            return false; // aborted: nothing will be processed any more, so nothing may be committed
        }

        var deadline = Environment.TickCount64 + (long)ProcessedWaitLimit.TotalMilliseconds;
        foreach (var p in partitions)
        {
            while (Processed.Processed(p) < _lastWritten[p])
            {
                if (Environment.TickCount64 > deadline)
                {
                    throw new TimeoutException(
                        $"partition {p} of '{_options.EventsTopic}': offset {_lastWritten[p]} was written but the pipeline processed only up to " +
                        $"{Processed.Processed(p)} within {ProcessedWaitLimit.TotalSeconds:0}s; is the '{KafkaOffsetStage.PublishName}' stage in the graph?");
                }

                Thread.Sleep(1);
            }
        }

        return true;
    }

    private void Commit(IConsumer<ulong, int> consumer, IReadOnlyList<int> partitions, bool toKafka = true)
    {
        List<TopicPartitionOffset>? offsets = null;
        foreach (var p in partitions)
        {
            var next = Processed.Processed(p) + 1;
            if (next > 0 && next > Volatile.Read(ref _committed[p]))
            {
                (offsets ??= []).Add(new TopicPartitionOffset(_options.EventsTopic, new Partition(p), new Offset(next)));
            }
        }

        if (offsets is null)
        {
            return;
        }

        if (BeforeCommit is { } ready && !ready())
        {
            return;
        }

        foreach (var tpo in offsets)
        {
            _store.Save(_options.GroupId, _options.EventsTopic, tpo.Partition.Value, tpo.Offset.Value);
        }

        if (!toKafka)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
            foreach (var tpo in offsets)
            {
                Volatile.Write(ref _committed[tpo.Partition.Value], tpo.Offset.Value);
            }

            Interlocked.Increment(ref _commits);
        }
        catch (KafkaException ex)
        {
            // Retried at the next interval; a revocation's lost commit means replays, never loss.
            Volatile.Write(ref _lastCommitError, ex);
        }
    }

    private Span<byte> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }

        _scratchLength = length;
        return _scratch.AsSpan(0, length);
    }

    /// <summary>The routing key straight from the record's key bytes: no byte[] per record.</summary>
    private sealed class KeyHashDeserializer : IDeserializer<ulong>
    {
        public ulong Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
            isNull || data.IsEmpty ? 0UL : Utf8Hash.Of(data);
    }

    /// <summary>Copies the value into the source's scratch buffer (valid until the next poll) and returns its length.</summary>
    private sealed class ScratchDeserializer(KafkaSource source) : IDeserializer<int>
    {
        public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            var length = isNull ? 0 : data.Length;
            data[..length].CopyTo(source.Scratch(length));
            return length;
        }
    }
}
