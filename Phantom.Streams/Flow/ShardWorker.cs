using System.Diagnostics;
using System.Threading.Channels;
using Phantom.Streams.Metrics;

namespace Phantom.Streams.Flow;

/// <summary>
/// The single reader of one shard's queue, on its own thread: runs every record of every batch through the shard's
/// stage instances in order. In shard-owned mode it also pulls its own partition of an <see cref="IPartitionedSource"/>
/// directly, batch by batch, with no queue in between. All counters here are written by this thread only (plain
/// fields) and summed by readers.
/// </summary>
internal sealed class ShardWorker
{
    internal const int ReasonSlots = 256; // RejectReason is a byte: index by value, no bounds surprises

    private readonly PartitionedPipeline _pipeline;
    private readonly RecordBatchPool _pool;
    private readonly IDeadLetterSink _deadLetters;
    private readonly int _sampleEvery;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StageSlot[] _stages;
    private Thread? _thread;
    private int _sampleCountdown;
    private IPartitionInput? _input;
    private TaskCompletionSource? _inputDone;
    private RecordBatch? _pullBatch;

    internal readonly Channel<RecordBatch> Queue;
    internal readonly System.Collections.Concurrent.ConcurrentQueue<StageSlot> Retired = new();
    internal readonly LatencyHistogram EndToEnd = new();
    internal readonly long[] Rejected = new long[ReasonSlots];
    internal long Received;

    // Records this shard pulled from its own partition (shard-owned mode): the pulled side of "events in".
    internal long Pulled;
    internal long Completed;

    // Records whose whole batch is done, EndBatch included: what a barrier waits for (published once per batch).
    internal long Settled;
    internal long Failures;
    internal long Dropped;
    internal long Batches;

    // Queries asked of this shard (PartitionedPipeline.AskShardAsync), run on this thread between batches so they see
    // the single-writer state consistently. AsksPending is raised after an enqueue; reading it is the whole cost per
    // batch while nobody asks.
    internal readonly System.Collections.Concurrent.ConcurrentQueue<Action> Asks = new();
    internal int AsksPending;

    internal ShardWorker(
        PartitionedPipeline pipeline,
        int shard,
        int queueCapacity,
        RecordBatchPool pool,
        IDeadLetterSink deadLetters,
        int sampleEvery,
        StageSlot[] stages)
    {
        _pipeline = pipeline;
        Shard = shard;
        _pool = pool;
        _deadLetters = deadLetters;
        _sampleEvery = Math.Max(1, sampleEvery);
        _sampleCountdown = _sampleEvery;
        _stages = stages;
        Queue = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    internal int Shard { get; }

    /// <summary>Resolves when the thread has exited (drained, or aborted).</summary>
    internal Task Exited => _exited.Task;

    /// <summary>The graph the worker will use from its next batch on (copy-on-write: replaced, never mutated).</summary>
    internal StageSlot[] Stages
    {
        get => Volatile.Read(ref _stages);
        set => Volatile.Write(ref _stages, value);
    }

    internal void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = $"phantom-shard-{Shard}" };
        _thread.Start();
    }

    private void Loop()
    {
        var current = Stages;
        Exception? failure = null;
        try
        {
            var reader = Queue.Reader;
            while (true)
            {
                var input = Volatile.Read(ref _input);
                if (input is not null)
                {
                    // Shard-owned mode: this thread pulls its partition itself. The queue still carries routed batches
                    // and the askers' wake-ups; a non-blocking look per pulled batch keeps both working, one queued
                    // batch per pull so neither side starves the other.
                    if (reader.TryRead(out var queued))
                    {
                        Handle(queued, ref current);
                    }

                    PullOnce(input, ref current);
                    continue;
                }

                if (!reader.TryRead(out var batch))
                {
                    // Blocking here is the point of a dedicated thread; the Task is only allocated when idle.
                    var more = reader.WaitToReadAsync();
                    if (!(more.IsCompletedSuccessfully ? more.Result : more.AsTask().GetAwaiter().GetResult()))
                    {
                        break;
                    }

                    continue;
                }

                Handle(batch, ref current);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            if (Volatile.Read(ref _input) is not null)
            {
                EndInput(failure ?? new InvalidOperationException($"shard {Shard} stopped while it owned a partition"));
            }

            // Everything this shard still owns: the graph in use, one attached after the last batch, the detached.
            foreach (var slot in current.Concat(Stages).Distinct())
            {
                Retired.Enqueue(slot);
            }

            DisposeRetired([]);
            _exited.TrySetResult();
            RunAsks(); // the state is final now: answer whoever asked while the shard wound down
        }
    }

    /// <summary>A batch from the queue: a routed batch, or an asker's empty wake-up call.</summary>
    private void Handle(RecordBatch batch, ref StageSlot[] current)
    {
        if (Volatile.Read(ref AsksPending) != 0)
        {
            RunAsks();
        }

        if (batch.Count == 0)
        {
            // An asker's wake-up call for an idle shard: nothing to process.
            _pool.Return(batch);
            return;
        }

        if (_pipeline.AbortRequested)
        {
            Dropped += batch.Count;
            _pool.Return(batch);
            return;
        }

        AdoptLatestGraph(ref current);
        ProcessBatch(batch, current);
        _pool.Return(batch);
    }

    /// <summary>
    /// Shard-owned mode: pulls the next batch of this shard's partition into the shard's own batch and processes it
    /// here, on this thread — the same batch boundary (asks, graph changes, kill switch) as a routed batch.
    /// </summary>
    private void PullOnce(IPartitionInput input, ref StageSlot[] current)
    {
        if (Volatile.Read(ref AsksPending) != 0)
        {
            RunAsks();
        }

        var stopping = _pipeline.SourceStopping;
        if (_pipeline.AbortRequested || stopping.IsCancellationRequested)
        {
            EndInput(null); // the kill switch: stop pulling; everything pulled so far has been processed
            return;
        }

        AdoptLatestGraph(ref current);
        var batch = _pullBatch ??= _pool.Rent();
        PartitionPull pull;
        try
        {
            pull = input.Pull(batch, Stopwatch.GetTimestamp(), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            batch.Clear();
            EndInput(null);
            return;
        }
        catch (Exception ex)
        {
            batch.Clear();
            Failures++;
            _pipeline.ReportFailure(new PipelineFailure("source", Shard, -1, ex, DateTime.UtcNow));
            EndInput(ex);
            return;
        }

        var count = batch.Count;
        if (count > 0)
        {
            Volatile.Write(ref Pulled, Pulled + count);
            ProcessBatch(batch, current);
            batch.Clear();
        }

        if (pull == PartitionPull.End)
        {
            EndInput(null);
        }
    }

    /// <summary>Hands this shard its partition of a partitioned source (see <see cref="PartitionedPipeline.RunPartitionedSourceAsync"/>).</summary>
    internal void Own(IPartitionInput input, TaskCompletionSource done)
    {
        _inputDone = done;
        Volatile.Write(ref _input, input);
    }

    /// <summary>True while the shard pulls a partition of its own.</summary>
    internal bool OwnsInput => Volatile.Read(ref _input) is not null;

    private void EndInput(Exception? failure)
    {
        var done = _inputDone;
        _inputDone = null;
        Volatile.Write(ref _input, null);
        if (_pullBatch is not null)
        {
            _pool.Return(_pullBatch);
            _pullBatch = null;
        }

        if (failure is null)
        {
            done?.TrySetResult();
        }
        else
        {
            done?.TrySetException(failure);
        }
    }

    private void AdoptLatestGraph(ref StageSlot[] current)
    {
        var latest = Stages;
        if (!ReferenceEquals(latest, current))
        {
            current = latest;
            DisposeRetired(current);
        }
    }

    /// <summary>
    /// Runs the queued asks: on the shard's thread between batches, or by anyone once the thread has exited (each ask
    /// is dequeued once, so it runs once). An ask catches its own exceptions.
    /// </summary>
    internal void RunAsks()
    {
        Volatile.Write(ref AsksPending, 0);
        while (Asks.TryDequeue(out var ask))
        {
            ask();
        }
    }

    private void ProcessBatch(RecordBatch batch, StageSlot[] stages)
    {
        var count = batch.Count;
        Received += count;
        Batches++;
        foreach (var slot in stages)
        {
            try
            {
                slot.Stage.BeginBatch(batch);
            }
            catch (Exception ex)
            {
                Failures++;
                slot.Failures++;
                _pipeline.ReportFailure(new PipelineFailure(slot.Name, Shard, -1, ex, DateTime.UtcNow));
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (_pipeline.AbortRequested)
            {
                Dropped += count - i;
                return; // stop now: no EndBatch, the stages' batched output is abandoned with the rest
            }

            var context = new EventContext
            {
                Record = batch.Record(i),
                EnqueuedTimestamp = batch.EnqueueTimestamp(i),
                SourceOffset = batch.SourceOffset(i),
                BatchIndex = i,
                Price = PriceDecision.None,
            };

            if (--_sampleCountdown == 0)
            {
                _sampleCountdown = _sampleEvery;
                RunTimed(ref context, stages);
            }
            else
            {
                Run(ref context, stages);
            }

            if (context.Rejection != RejectReason.None)
            {
                Rejected[(byte)context.Rejection]++;
                DeadLetter(ref context);
            }
            else
            {
                Completed++;
            }
        }

        foreach (var slot in stages)
        {
            try
            {
                slot.Stage.EndBatch();
            }
            catch (Exception ex)
            {
                Failures++;
                slot.Failures++;
                _pipeline.ReportFailure(new PipelineFailure(slot.Name, Shard, -1, ex, DateTime.UtcNow));
            }
        }

        // Event-to-price ends here, once the batch's prices are written (EndBatch flushes them): one clock read per
        // batch instead of one per event, and the latency the histogram shows is the one a price reader sees.
        var end = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            EndToEnd.RecordTicks(end - batch.EnqueueTimestamp(i));
        }

        Volatile.Write(ref Settled, Settled + count);
    }

    private void Run(ref EventContext context, StageSlot[] stages)
    {
        var s = 0;
        try
        {
            for (; s < stages.Length; s++)
            {
                var slot = stages[s];
                slot.In++;
                slot.Stage.Process(ref context);
                if (context.Stopped)
                {
                    slot.Stopped++;
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ref context, stages[s], ex);
        }
    }

    private void RunTimed(ref EventContext context, StageSlot[] stages)
    {
        var s = 0;
        try
        {
            var start = Stopwatch.GetTimestamp();
            for (; s < stages.Length; s++)
            {
                var slot = stages[s];
                slot.In++;
                slot.Stage.Process(ref context);
                var end = Stopwatch.GetTimestamp();
                slot.Latency.RecordTicks(end - start);
                start = end;
                if (context.Stopped)
                {
                    slot.Stopped++;
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ref context, stages[s], ex);
        }
    }

    private void Fail(ref EventContext context, StageSlot slot, Exception ex)
    {
        slot.Stopped++;
        slot.Failures++;
        Failures++;
        context.Rejection = RejectReason.StageFailed;
        _pipeline.ReportFailure(new PipelineFailure(slot.Name, Shard, context.SourceOffset, ex, DateTime.UtcNow));
    }

    private void DeadLetter(ref EventContext context)
    {
        try
        {
            _deadLetters.Write(Shard, context.SourceOffset, context.Rejection, context.Record);
        }
        catch (Exception ex)
        {
            Failures++;
            _pipeline.ReportFailure(new PipelineFailure("dead-letters", Shard, context.SourceOffset, ex, DateTime.UtcNow));
        }
    }

    /// <summary>
    /// Disposes, on this thread, the detached stage instances that are no longer in <paramref name="inUse"/> (a detach
    /// may be queued here before this worker has moved off the graph that still holds it; such a slot waits).
    /// </summary>
    private void DisposeRetired(StageSlot[] inUse)
    {
        var pending = Retired.Count;
        for (var i = 0; i < pending && Retired.TryDequeue(out var slot); i++)
        {
            if (Array.IndexOf(inUse, slot) >= 0)
            {
                Retired.Enqueue(slot);
                continue;
            }

            if (slot.Stage is IDisposable disposable)
            {
                try
                {
                    disposable.Dispose();
                }
                catch (Exception ex)
                {
                    Failures++;
                    _pipeline.ReportFailure(new PipelineFailure(slot.Name, Shard, -1, ex, DateTime.UtcNow));
                }
            }
        }
    }
}
