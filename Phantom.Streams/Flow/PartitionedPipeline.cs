using Phantom.Streams.Metrics;

namespace Phantom.Streams.Flow;

/// <summary>
/// The flow runtime: <see cref="PipelineOptions.ResolvedPartitions"/> shards, each a bounded queue of
/// <see cref="RecordBatch"/>es drained by one dedicated worker thread that runs the shard's own stage instances in
/// order. Sources write through <see cref="PipelineWriter"/>s (routing by session key, so a session's events stay in
/// order on one shard); a full queue makes the source wait. Rejected records (and records whose stage threw) go to
/// <see cref="PipelineServices.DeadLetters"/>. The graph comes from <see cref="PipelineOptions.Stages"/> and can be
/// changed while running with <see cref="Attach"/> / <see cref="Detach"/>; each shard adopts a change at its next
/// batch boundary. <see cref="ShutdownAsync"/> drains gracefully; <see cref="Abort"/> stops now. Input that is already
/// partitioned by session key can skip the routing and the queues: <see cref="RunPartitionedSourceAsync"/> lets each
/// shard pull its own partition on its own thread (shard-owned mode).
/// </summary>
public sealed class PartitionedPipeline : IAsyncDisposable
{
    private readonly StageRegistry _registry;
    private readonly PipelineServices _services;
    private readonly ShardWorker[] _workers;
    private readonly RecordBatchPool _pool;
    private readonly CancellationTokenSource _sourceStop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PipelineWriter> _writers = [];
    private readonly List<Task> _sourceTasks = [];
    private readonly Lock _gate = new();
    private string[] _graph;
    private PipelineState _state = PipelineState.Created;
    private volatile bool _abortRequested;
    private volatile bool _queuesCompleted;
    private PipelineFailure? _lastFailure;
    private long _discarded;
    private PipelineMeter? _meter;
    private Task<bool>? _drain;

    /// <summary>
    /// Builds the graph (every shard's stage instances) from <c>services.Options.Pipeline</c>; fails fast with
    /// <see cref="UnknownStageException"/> when a stage name is not registered.
    /// </summary>
    public PartitionedPipeline(StageRegistry registry, PipelineServices services)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        _registry = registry;
        _services = services;
        Options = services.Options.Pipeline;
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BatchSize, 1, "phantom.pipeline.batch-size");
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.QueueCapacity, 1, "phantom.pipeline.queue-capacity");
        Partitions = Options.ResolvedPartitions;
        _pool = new RecordBatchPool(Options.BatchSize);

        var names = Options.Stages.ToArray();
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"stage '{duplicate.Key}' appears twice in phantom.pipeline.stages");
        }

        var factories = names.Select(registry.Resolve).ToArray(); // before creating anything: fail fast
        _graph = names;
        _workers = new ShardWorker[Partitions];
        for (var shard = 0; shard < Partitions; shard++)
        {
            var context = new ShardContext(shard, Partitions, services);
            var slots = new StageSlot[names.Length];
            for (var s = 0; s < names.Length; s++)
            {
                slots[s] = new StageSlot(names[s], factories[s](context));
            }

            _workers[shard] = new ShardWorker(
                this, shard, Options.QueueCapacity, _pool, services.DeadLetters, Options.LatencySampleEvery, slots);
        }
    }

    public PipelineOptions Options { get; }

    /// <summary>Shards (= worker threads = queues).</summary>
    public int Partitions { get; }

    public PipelineState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The stage names in order, as of the last change (what admin APIs show).</summary>
    public IReadOnlyList<string> Graph => Volatile.Read(ref _graph);

    /// <summary>Resolves once every worker has exited, after a drain or an abort.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Fires on <see cref="ShutdownAsync"/> and <see cref="Abort"/>: the kill switch sources observe.</summary>
    public CancellationToken SourceStopping => _sourceStop.Token;

    /// <summary>The last exception a stage or the dead-letter sink threw (null if none).</summary>
    public PipelineFailure? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>The System.Diagnostics.Metrics meter ("Phantom.Pipeline") over this pipeline's counters.</summary>
    public System.Diagnostics.Metrics.Meter Meter => EnsureMeter().Meter;

    internal bool AbortRequested => _abortRequested;

    internal bool AcceptsRecords => !_queuesCompleted;

    /// <summary>Starts the shard workers.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_state != PipelineState.Created)
            {
                throw new InvalidOperationException($"pipeline cannot start: it is {_state}");
            }

            _state = PipelineState.Running;
        }

        EnsureMeter();
        foreach (var worker in _workers)
        {
            worker.Start();
        }

        _ = Task.WhenAll(_workers.Select(w => w.Exited)).ContinueWith(
            _ => _completion.TrySetResult(), TaskScheduler.Default);
    }

    /// <summary>
    /// A writer for a source this caller drives itself (e.g. a Kafka consumer loop). Stop writing and flush it before
    /// <see cref="ShutdownAsync"/>; a graceful stop also flushes every writer once its sources are done.
    /// </summary>
    public PipelineWriter CreateWriter()
    {
        var writer = new PipelineWriter(this, _workers.Select(w => w.Queue.Writer).ToArray(), _pool);
        lock (_gate)
        {
            if (_state is not (PipelineState.Created or PipelineState.Running))
            {
                throw StoppedError();
            }

            _writers.Add(writer);
        }

        return writer;
    }

    /// <summary>
    /// Runs <paramref name="source"/> on the thread pool against its own writer until it ends or the pipeline stops,
    /// then flushes the writer. <see cref="ShutdownAsync"/> waits for it. The task faults if the source throws.
    /// </summary>
    public Task RunSourceAsync(IFlowSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var writer = CreateWriter();
        var task = Task.Run(() => RunOwnedSourceAsync(source, writer));
        lock (_gate)
        {
            _sourceTasks.Add(task);
        }

        return task;
    }

    /// <summary>
    /// Shard-owned mode: each shard worker pulls its own partition of <paramref name="source"/> on its own thread and
    /// processes it there — no routing, no queue, no hand-off (see <see cref="IPartitionedSource"/>). Everything else is
    /// as for routed sources: stages, asks and attach/detach at the next batch, per-session order (the partition's),
    /// end-to-end latency (from the pull stamp), drain. The task completes once every partition has ended, or the
    /// pipeline stops (the shards stop pulling at their next batch); it faults if a partition's pull throws.
    /// <see cref="ShutdownAsync"/> waits for it. One partitioned source at a time; routed writers may run beside it.
    /// </summary>
    public Task RunPartitionedSourceAsync(IPartitionedSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Partitions != Partitions)
        {
            throw new ArgumentException(
                $"source '{source.Name}' offers {source.Partitions} partitions but the pipeline has {Partitions} shards (phantom.pipeline.partitions)",
                nameof(source));
        }

        lock (_gate)
        {
            if (_state != PipelineState.Running)
            {
                throw new InvalidOperationException($"a partitioned source needs a running pipeline: it is {_state}");
            }

            if (_workers.Any(w => w.OwnsInput))
            {
                throw new InvalidOperationException("a partitioned source is already running on this pipeline");
            }

            var inputs = new IPartitionInput[Partitions];
            for (var shard = 0; shard < Partitions; shard++)
            {
                inputs[shard] = source.OpenPartition(shard) ?? throw new InvalidOperationException(
                    $"source '{source.Name}' opened no input for partition {shard}");
            }

            var done = new Task[Partitions];
            for (var shard = 0; shard < Partitions; shard++)
            {
                var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                done[shard] = finished.Task;
                _workers[shard].Own(inputs[shard], finished);
                Wake(_workers[shard]);
            }

            var task = Task.WhenAll(done);
            _sourceTasks.Add(task);
            return task;
        }
    }

    /// <summary>
    /// Adds the registered stage <paramref name="name"/> to the graph, right after <paramref name="afterStage"/> (at
    /// the end when null). Every shard gets its own instance now and switches to it at its next batch boundary, so no
    /// event is lost or reordered, and the new stage sees only events of batches taken after this call.
    /// </summary>
    public void Attach(string name, string? afterStage = null)
    {
        var factory = _registry.Resolve(name);
        lock (_gate)
        {
            var graph = _graph;
            if (graph.Contains(name))
            {
                throw new InvalidOperationException($"stage '{name}' is already in the graph");
            }

            var at = graph.Length;
            if (afterStage is not null)
            {
                var index = Array.IndexOf(graph, afterStage);
                if (index < 0)
                {
                    throw new ArgumentException(
                        $"stage '{afterStage}' is not in the graph ({string.Join(", ", graph)})", nameof(afterStage));
                }

                at = index + 1;
            }

            // Build every shard's instance before publishing any, so a failing factory changes nothing.
            var created = new StageSlot[Partitions];
            for (var shard = 0; shard < Partitions; shard++)
            {
                created[shard] = new StageSlot(name, factory(new ShardContext(shard, Partitions, _services)));
            }

            for (var shard = 0; shard < Partitions; shard++)
            {
                var slots = _workers[shard].Stages;
                var next = new StageSlot[slots.Length + 1];
                Array.Copy(slots, next, at);
                next[at] = created[shard];
                Array.Copy(slots, at, next, at + 1, slots.Length - at);
                _workers[shard].Stages = next;
            }

            Volatile.Write(ref _graph, [.. graph[..at], name, .. graph[at..]]);
        }
    }

    /// <summary>Removes <paramref name="name"/> from the graph; each shard drops it at its next batch boundary.</summary>
    public void Detach(string name)
    {
        lock (_gate)
        {
            var graph = _graph;
            if (!graph.Contains(name))
            {
                throw new ArgumentException($"stage '{name}' is not in the graph ({string.Join(", ", graph)})", nameof(name));
            }

            foreach (var worker in _workers)
            {
                var slots = worker.Stages;
                worker.Stages = slots.Where(s => s.Name != name).ToArray();
                worker.Retired.Enqueue(slots.Single(s => s.Name == name)); // disposed by the worker once unused
            }

            Volatile.Write(ref _graph, graph.Where(n => n != name).ToArray());
        }
    }

    /// <summary>
    /// Graceful stop (the kill switch): sources are told to stop and awaited, every writer's partial batches are
    /// flushed, the queues complete and the workers finish everything in flight (calling EndBatch). Bounded by
    /// <see cref="PipelineOptions.DrainTimeout"/>: past it the pipeline aborts. True when everything drained.
    /// </summary>
    public Task<bool> ShutdownAsync()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case PipelineState.Created:
                    _state = PipelineState.Stopped;
                    _sourceStop.Cancel();
                    CompleteQueues();
                    _completion.TrySetResult();
                    return Task.FromResult(true);
                case PipelineState.Running:
                    _state = PipelineState.Draining;
                    _drain = DrainAsync();
                    return _drain;
                default:
                    // Already stopping or stopped: the same answer as the first call.
                    return _drain ?? Completion.ContinueWith(_ => State == PipelineState.Stopped, TaskScheduler.Default);
            }
        }
    }

    private async Task<bool> DrainAsync()
    {
        await Task.Yield(); // leave the caller's lock before doing anything slow
        await _sourceStop.CancelAsync().ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(Options.DrainTimeout);
        try
        {
            Task[] sources;
            PipelineWriter[] writers;
            lock (_gate)
            {
                sources = [.. _sourceTasks];
                writers = [.. _writers];
            }

            // A source's own failure was already surfaced through its task; draining only needs it to be over.
            await Task.WhenAll(sources).ContinueWith(_ => { }, TaskScheduler.Default)
                .WaitAsync(deadline.Token).ConfigureAwait(false);
            foreach (var writer in writers)
            {
                await writer.FlushAsync(deadline.Token).ConfigureAwait(false);
            }

            CompleteQueues();
            await Task.WhenAll(_workers.Select(w => w.Exited)).WaitAsync(deadline.Token).ConfigureAwait(false);
            lock (_gate)
            {
                if (_state == PipelineState.Draining)
                {
                    _state = PipelineState.Stopped;
                }
            }

            await Completion.ConfigureAwait(false);
            return State == PipelineState.Stopped;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Abort();
            await Completion.ConfigureAwait(false);
            return false;
        }
        catch (InvalidOperationException) when (_abortRequested)
        {
            // Someone pulled the plug (Abort) while we were draining.
            await Completion.ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// Stops now: sources are cancelled, queued records and the partial batches of sources run by
    /// <see cref="RunSourceAsync"/> are dropped (counted in <see cref="PipelineMetrics.Dropped"/>), workers exit after
    /// the event in hand, without EndBatch.
    /// </summary>
    public void Abort()
    {
        lock (_gate)
        {
            if (_state is PipelineState.Stopped or PipelineState.Aborted)
            {
                return;
            }

            var started = _state != PipelineState.Created;
            _state = PipelineState.Aborted;
            _abortRequested = true;
            if (!started)
            {
                _completion.TrySetResult();
            }
        }

        // Writers of running sources are discarded by their source task once it ends (nobody else may touch them);
        // a writer the caller drives itself just starts refusing records.
        _sourceStop.Cancel();
        CompleteQueues();
    }

    /// <summary>
    /// Runs <paramref name="query"/> on <paramref name="shard"/>'s worker thread between two batches (waking the shard
    /// when it is idle) and returns its result: the way to read single-writer shard state, such as a live session,
    /// without tearing it. After the shard has stopped the query runs on the caller's thread over the final state.
    /// Before <see cref="Start"/> it waits until the shard runs; <paramref name="cancellationToken"/> bounds the wait.
    /// </summary>
    public Task<T> AskShardAsync<T>(int shard, Func<T> query, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, Partitions);
        ArgumentNullException.ThrowIfNull(query);
        var worker = _workers[shard];
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Asks.Enqueue(() =>
        {
            try
            {
                answer.TrySetResult(query());
            }
            catch (Exception ex)
            {
                answer.TrySetException(ex);
            }
        });
        Interlocked.Exchange(ref worker.AsksPending, 1);
        if (worker.Exited.IsCompleted)
        {
            worker.RunAsks();
        }
        else
        {
            Wake(worker);
        }

        return answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// An empty batch wakes a worker blocked on its queue; a full queue means it is busy and will look soon (and a
    /// shard pulling its own partition looks at its queue between batches).
    /// </summary>
    private void Wake(ShardWorker worker)
    {
        if (_queuesCompleted)
        {
            return;
        }

        var wake = _pool.Rent();
        if (!worker.Queue.Writer.TryWrite(wake))
        {
            _pool.Return(wake);
        }
    }

    /// <summary>
    /// Records that have gone through every stage, their batch's <see cref="IFlowStage.EndBatch"/> included. Cheap
    /// (no snapshot): a source that must wait for the pipeline to go quiet compares it with what it wrote.
    /// </summary>
    public long RecordsSettled()
    {
        long settled = 0;
        foreach (var worker in _workers)
        {
            settled += Volatile.Read(ref worker.Settled);
        }

        return settled;
    }

    /// <summary>A consistent-enough snapshot of every counter (sums of per-shard single-writer fields).</summary>
    public PipelineMetrics GetMetrics()
    {
        var rejected = new Dictionary<RejectReason, long>();
        long received = 0, completed = 0, failures = 0, dropped = 0, rejectedTotal = 0;
        var endToEnd = new LatencyHistogram();
        var shards = new List<ShardMetrics>(Partitions);
        var stages = new Dictionary<string, (long In, long Stopped, long Failures, LatencyHistogram Latency)>();
        foreach (var worker in _workers)
        {
            var shardReceived = Volatile.Read(ref worker.Received);
            var shardCompleted = Volatile.Read(ref worker.Completed);
            long shardRejected = 0;
            for (var r = 1; r < ShardWorker.ReasonSlots; r++)
            {
                var n = Volatile.Read(ref worker.Rejected[r]);
                if (n != 0)
                {
                    shardRejected += n;
                    rejected[(RejectReason)r] = rejected.GetValueOrDefault((RejectReason)r) + n;
                }
            }

            received += shardReceived;
            completed += shardCompleted;
            rejectedTotal += shardRejected;
            failures += Volatile.Read(ref worker.Failures);
            dropped += Volatile.Read(ref worker.Dropped);
            endToEnd.Add(worker.EndToEnd);
            shards.Add(new ShardMetrics(worker.Shard, worker.Queue.Reader.Count, shardReceived, shardCompleted, shardRejected));
            foreach (var slot in worker.Stages)
            {
                if (!stages.TryGetValue(slot.Name, out var agg))
                {
                    agg = (0, 0, 0, new LatencyHistogram());
                }

                agg.Latency.Add(slot.Latency);
                stages[slot.Name] = (agg.In + Volatile.Read(ref slot.In), agg.Stopped + Volatile.Read(ref slot.Stopped),
                    agg.Failures + Volatile.Read(ref slot.Failures), agg.Latency);
            }
        }

        var stageMetrics = Graph
            .Where(stages.ContainsKey)
            .Select(name =>
            {
                var s = stages[name];
                return new StageMetrics(name, s.In, s.Stopped, s.Failures, s.Latency.Count,
                    s.Latency.PercentileMilliseconds(50), s.Latency.PercentileMilliseconds(99));
            })
            .ToArray();

        return new PipelineMetrics(
            EventsIn: TotalWritten(),
            EventsProcessed: received,
            Completed: completed,
            Rejected: rejectedTotal,
            RejectedByReason: rejected,
            Failures: failures,
            Dropped: dropped + Interlocked.Read(ref _discarded),
            Stages: stageMetrics,
            Shards: shards,
            EndToEndP50Ms: endToEnd.PercentileMilliseconds(50),
            EndToEndP99Ms: endToEnd.PercentileMilliseconds(99),
            EndToEndMeanMs: endToEnd.MeanMilliseconds,
            EndToEndMaxMs: endToEnd.MaxMilliseconds);
    }

    public async ValueTask DisposeAsync()
    {
        if (State is PipelineState.Running or PipelineState.Draining)
        {
            Abort();
        }

        if (State != PipelineState.Created)
        {
            await Completion.ConfigureAwait(false);
        }

        _meter?.Dispose();
        _sourceStop.Dispose();
    }

    /// <summary>Records accepted by writers plus records shards pulled from their own partitions.</summary>
    internal long TotalWritten()
    {
        lock (_gate)
        {
            long total = 0;
            foreach (var worker in _workers)
            {
                total += Volatile.Read(ref worker.Pulled);
            }

            foreach (var writer in _writers)
            {
                total += writer.RecordsWritten;
            }

            return total;
        }
    }

    internal IEnumerable<ShardWorker> Workers => _workers;

    internal void ReportFailure(PipelineFailure failure) => Volatile.Write(ref _lastFailure, failure);

    internal InvalidOperationException StoppedError() => new($"pipeline is {State}: it takes no more records");

    private PipelineMeter EnsureMeter()
    {
        lock (_gate)
        {
            return _meter ??= new PipelineMeter(this);
        }
    }

    private void CompleteQueues()
    {
        _queuesCompleted = true;
        foreach (var worker in _workers)
        {
            worker.Queue.Writer.TryComplete();
        }
    }

    private async Task RunOwnedSourceAsync(IFlowSource source, PipelineWriter writer)
    {
        try
        {
            await source.RunAsync(writer, _sourceStop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_sourceStop.IsCancellationRequested)
        {
            // The kill switch: a normal way for a source to end.
        }
        catch (InvalidOperationException) when (_abortRequested || _queuesCompleted)
        {
            // Aborted while the source waited on a queue.
        }

        try
        {
            if (!_abortRequested)
            {
                await writer.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException) when (_abortRequested || _queuesCompleted)
        {
            // Aborted while flushing.
        }
        finally
        {
            if (_abortRequested)
            {
                Interlocked.Add(ref _discarded, writer.Discard());
            }
        }
    }
}
