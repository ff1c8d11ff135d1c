using System.Diagnostics;
using System.Threading.Channels;

namespace Phantom.Streams.Journal;

/// <summary>
/// Group commit in front of any <see cref="IJournal"/> (the Akka.Persistence.Sql batching queue): callers enqueue write
/// requests into a bounded channel in wait mode, so a full queue makes them wait (backpressure, nothing dropped); one
/// reader merges queued requests into a single transaction of up to <see cref="JournalOptions.BatchSize"/> events,
/// waiting at most <see cref="JournalOptions.MaxDelay"/> after the first for more to join. Each caller's task completes
/// when its own events and offsets are durable.
/// </summary>
/// <remarks>
/// A request is never split: its events and offsets commit together. If a merged transaction fails, its requests are
/// retried one by one so only the offending request fails (e.g. with <see cref="DuplicateSequenceNumberException"/>).
/// <see cref="JournalUnavailableException"/> is retried with backoff until the database is back, meanwhile the queue
/// fills and callers wait: an outage becomes backpressure, not loss.
/// </remarks>
public sealed class GroupCommitJournalWriter : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly IJournal _journal;
    private readonly Channel<Request> _queue;
    private readonly int _batchSize;
    private readonly long _maxDelayTicks;
    private readonly TimeSpan _retryBackoff;
    private readonly Task _loop;
    private long _batches;
    private long _events;
    private long _retries;
    private long _unavailableSinceTicks;
    private string? _lastUnavailableError;

    public GroupCommitJournalWriter(IJournal journal, JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be positive.");
        if (options.QueueCapacity <= 0) throw new ArgumentOutOfRangeException(nameof(options), "QueueCapacity must be positive.");
        _journal = journal;
        _batchSize = options.BatchSize;
        _maxDelayTicks = (long)(options.MaxDelay.TotalSeconds * Stopwatch.Frequency);
        _retryBackoff = options.RetryBackoff > TimeSpan.Zero ? options.RetryBackoff : TimeSpan.FromMilliseconds(100);
        _queue = Channel.CreateBounded<Request>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far.</summary>
    public long CommittedBatches => Interlocked.Read(ref _batches);

    /// <summary>Events committed so far.</summary>
    public long CommittedEvents => Interlocked.Read(ref _events);

    /// <summary>Events per committed transaction, as a histogram (for <c>/metrics</c>).</summary>
    public JournalBatchSizes BatchSizes { get; } = new();

    /// <summary>Requests waiting in the queue (not yet taken into a transaction).</summary>
    public int QueuedRequests => _queue.Reader.Count;

    /// <summary>Called from the writer loop after each committed transaction with its event count (for batch-size metrics); must be cheap.</summary>
    public Action<int>? BatchCommitted { get; set; }

    /// <summary>
    /// Receives one line when the database becomes unavailable (and the writer starts retrying) and one when it is back;
    /// called on the writer loop, so it must not block for long. Null: silent.
    /// </summary>
    public Action<string>? Log { get; set; }

    /// <summary>Appends retried because the database was unavailable, since start.</summary>
    public long UnavailableRetries => Interlocked.Read(ref _retries);

    /// <summary>How long the writer has been retrying an append the database refused as unavailable; null while healthy.</summary>
    public TimeSpan? UnavailableFor
    {
        get
        {
            var since = Interlocked.Read(ref _unavailableSinceTicks);
            return since == 0 ? null : Stopwatch.GetElapsedTime(since);
        }
    }

    /// <summary>The reason of the current (or last) unavailability, null if the database never was.</summary>
    public string? LastUnavailableError => Volatile.Read(ref _lastUnavailableError);

    /// <summary>Appends one event; completes when it is durable.</summary>
    public async ValueTask WriteAsync(JournalWrite write, CancellationToken cancellationToken = default)
    {
        var durable = await EnqueueAsync([write], [], cancellationToken).ConfigureAwait(false);
        await durable.ConfigureAwait(false);
    }

    /// <summary>Appends events with the offsets they consumed, atomically; completes when durable.</summary>
    public async ValueTask WriteAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default)
    {
        var durable = await EnqueueAsync(events, offsets, cancellationToken).ConfigureAwait(false);
        await durable.ConfigureAwait(false);
    }

    /// <summary>
    /// Two-step form for pipelined callers: the returned ValueTask completes when the request is accepted into the
    /// queue (it waits while the queue is full: backpressure); the Task it yields completes when the request is durable.
    /// </summary>
    public ValueTask<Task> EnqueueAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default) =>
        EnqueueAsync(events, offsets, callback: null, token: 0, cancellationToken);

    /// <summary>
    /// <see cref="EnqueueAsync(IReadOnlyList{JournalWrite}, IReadOnlyList{ConsumerOffset}, CancellationToken)"/> with a
    /// <paramref name="callback"/> told, on the writer loop and in commit order, when this request is durable or has
    /// failed for good: ordered, unlike continuations on the returned task, which is what lets a caller with several
    /// requests in flight publish "durable up to here" without ever skipping a failed one.
    /// The lists must not change until the request is durable or failed.
    /// </summary>
    public ValueTask<Task> EnqueueAsync(
        IReadOnlyList<JournalWrite> events,
        IReadOnlyList<ConsumerOffset> offsets,
        IJournalCommitCallback? callback,
        long token,
        CancellationToken cancellationToken = default) =>
        EnqueueAsync(events, offsets, [], callback, token, cancellationToken);

    /// <summary>
    /// As <see cref="EnqueueAsync(IReadOnlyList{JournalWrite}, IReadOnlyList{ConsumerOffset}, IJournalCommitCallback?, long, CancellationToken)"/>,
    /// with entity snapshots committed in the same transaction as the events (never split from them, so a snapshot is
    /// never durable ahead of the events it covers). The lists must not change until the request is durable or failed.
    /// </summary>
    public async ValueTask<Task> EnqueueAsync(
        IReadOnlyList<JournalWrite> events,
        IReadOnlyList<ConsumerOffset> offsets,
        IReadOnlyList<SnapshotWrite> snapshots,
        IJournalCommitCallback? callback,
        long token,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(snapshots);
        var request = new Request(events, offsets, snapshots, callback, token);
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new ObjectDisposedException("The group commit writer is stopped.", e);
        }

        return request.Completion.Task;
    }

    /// <summary>Stops accepting requests, commits everything queued, then stops. Does not dispose the journal.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Request>();
        var events = new List<JournalWrite>(_batchSize);
        var offsets = new List<ConsumerOffset>();
        var snapshots = new List<SnapshotWrite>();
        var timer = new CancellationTokenSource();
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var weight = 0;
                var deadline = Stopwatch.GetTimestamp() + _maxDelayTicks;
                while (weight < _batchSize)
                {
                    if (reader.TryRead(out var request))
                    {
                        batch.Add(request);
                        events.AddRange(request.Events);
                        offsets.AddRange(request.Offsets);
                        if (request.Snapshots.Count > 0) snapshots.AddRange(request.Snapshots);
                        weight += Math.Max(1, request.Events.Count);
                        continue;
                    }

                    var remaining = deadline - Stopwatch.GetTimestamp();
                    if (remaining <= 0) break;
                    if (!timer.TryReset())
                    {
                        timer.Dispose();
                        timer = new CancellationTokenSource();
                    }

                    timer.CancelAfter(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
                    try
                    {
                        if (!await reader.WaitToReadAsync(timer.Token).ConfigureAwait(false)) break;
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                await CommitAsync(batch, events, offsets, snapshots).ConfigureAwait(false);
                batch.Clear();
                events.Clear();
                offsets.Clear();
                snapshots.Clear();
            }
        }
        finally
        {
            timer.Dispose();
        }
    }

    private async Task CommitAsync(List<Request> batch, List<JournalWrite> events, List<ConsumerOffset> offsets, List<SnapshotWrite> snapshots)
    {
        try
        {
            await AppendWithRetryAsync(events, offsets, snapshots).ConfigureAwait(false);
            Committed(events.Count);
            foreach (var request in batch) request.Succeed();
            return;
        }
        catch (Exception e) when (batch.Count == 1)
        {
            batch[0].Fail(e);
            return;
        }
        catch (Exception)
        {
            // Fall through: find the culprit by committing each request on its own.
        }

        foreach (var request in batch)
        {
            try
            {
                await AppendWithRetryAsync(request.Events, request.Offsets, request.Snapshots).ConfigureAwait(false);
                Committed(request.Events.Count);
                request.Succeed();
            }
            catch (Exception e)
            {
                request.Fail(e);
            }
        }
    }

    private async Task AppendWithRetryAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, IReadOnlyList<SnapshotWrite> snapshots)
    {
        var backoff = _retryBackoff;
        var retried = false;
        while (true)
        {
            try
            {
                // Without snapshots the plain append: decorators and doubles see exactly what they did before snapshots.
                var append = snapshots.Count == 0
                    ? _journal.AppendAsync(events, offsets, CancellationToken.None)
                    : _journal.AppendAsync(events, offsets, snapshots, CancellationToken.None);
                await append.ConfigureAwait(false);
                Recovered();
                return;
            }
            catch (DuplicateSequenceNumberException) when (retried)
            {
                // The attempt that lost its connection had committed after all (the acknowledgement was lost): the
                // transaction is atomic and these sequence numbers are this writer's, so all of it is stored.
                Recovered();
                return;
            }
            catch (JournalUnavailableException e)
            {
                retried = true;
                Interlocked.Increment(ref _retries);
                Volatile.Write(ref _lastUnavailableError, e.Message);
                if (Interlocked.CompareExchange(ref _unavailableSinceTicks, Stopwatch.GetTimestamp(), 0) == 0)
                {
                    Log?.Invoke($"journal unavailable, retrying with backoff from {backoff.TotalMilliseconds:0} ms (writers wait meanwhile): {e.Message}");
                }

                await Task.Delay(backoff).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private void Recovered()
    {
        var since = Interlocked.Exchange(ref _unavailableSinceTicks, 0);
        if (since != 0)
        {
            Log?.Invoke($"journal available again after {Stopwatch.GetElapsedTime(since).TotalSeconds:0.0} s ({Interlocked.Read(ref _retries)} retries so far)");
        }
    }

    private void Committed(int eventCount)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _events, eventCount);
        BatchSizes.Record(eventCount);
        BatchCommitted?.Invoke(eventCount);
    }

    private sealed class Request(
        IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, IReadOnlyList<SnapshotWrite> snapshots, IJournalCommitCallback? callback, long token)
    {
        public IReadOnlyList<SnapshotWrite> Snapshots { get; } = snapshots;

        public IReadOnlyList<JournalWrite> Events { get; } = events;

        public IReadOnlyList<ConsumerOffset> Offsets { get; } = offsets;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Succeed()
        {
            // The callback first: whoever awaits the task may rely on what the callback published.
            try
            {
                callback?.Durable(token);
            }
            catch (Exception)
            {
                // A callback must not stop the writer loop; the task still reports the outcome.
            }

            Completion.TrySetResult();
        }

        public void Fail(Exception error)
        {
            try
            {
                callback?.Failed(token, error);
            }
            catch (Exception)
            {
                // As above.
            }

            Completion.TrySetException(error);
        }
    }
}
