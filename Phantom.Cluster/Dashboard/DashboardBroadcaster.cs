using System.Text.Json;

namespace Phantom.Cluster.Dashboard;

/// <summary>
/// Builds one <see cref="DashboardFrame"/> per tick and hands the same frame to every connected client (server-sent
/// events), so ten open dashboards cost what one does. The ticker runs only while someone watches: the first
/// subscriber starts it, and it stops itself at the first tick with none, so an unwatched node does no dashboard work.
/// Thread-safe.
/// </summary>
public sealed class DashboardBroadcaster
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly DashboardSnapshotBuilder _builder;
    private readonly Lock _gate = new();
    private readonly Lock _buildGate = new();
    private TaskCompletionSource<DashboardFrame> _next = NewSignal();
    private DashboardFrame? _latest;
    private int _subscribers;
    private bool _ticking;

    /// <param name="interval">Time between frames; one second unless a test asks otherwise.</param>
    public DashboardBroadcaster(DashboardSnapshotBuilder builder, TimeSpan? interval = null)
    {
        _builder = builder ?? throw new ArgumentNullException(nameof(builder));
        Interval = interval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero, nameof(interval));
    }

    public TimeSpan Interval { get; }

    public DashboardSnapshotBuilder Builder => _builder;

    /// <summary>Clients streaming now.</summary>
    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers;
            }
        }
    }

    /// <summary>Frames built so far (by the ticker and by <see cref="Current"/>).</summary>
    public long FramesBuilt { get; private set; }

    /// <summary>
    /// The latest frame, built now when there is none yet or the ticker is not running (a one-off reader such as
    /// <c>/dashboard/snapshot</c> must not see a stale frame from the last time someone watched).
    /// </summary>
    public DashboardFrame Current()
    {
        lock (_gate)
        {
            if (_ticking && _latest is { } latest)
            {
                return latest;
            }
        }

        return Publish();
    }

    /// <summary>
    /// Registers a client and returns the frame to send first; the ticker starts if it was idle. Pair with
    /// <see cref="Unsubscribe"/>.
    /// </summary>
    public DashboardFrame Subscribe()
    {
        lock (_gate)
        {
            _subscribers++;
            if (!_ticking)
            {
                _ticking = true;
                _ = Task.Run(TickAsync);
            }
        }

        lock (_gate)
        {
            if (_latest is { } latest)
            {
                return latest;
            }
        }

        return Publish();
    }

    public void Unsubscribe()
    {
        lock (_gate)
        {
            _subscribers = Math.Max(0, _subscribers - 1);
        }
    }

    /// <summary>The first frame built after <paramref name="after"/> (the frame the caller sent last).</summary>
    public async Task<DashboardFrame> NextAsync(DashboardFrame after, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(after);
        while (true)
        {
            Task<DashboardFrame> next;
            lock (_gate)
            {
                if (_latest is { } latest && latest.Snapshot.Sequence > after.Snapshot.Sequence)
                {
                    return latest;
                }

                next = _next.Task;
            }

            var frame = await next.WaitAsync(cancellation).ConfigureAwait(false);
            if (frame.Snapshot.Sequence > after.Snapshot.Sequence)
            {
                return frame;
            }
        }
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            lock (_gate)
            {
                if (_subscribers == 0)
                {
                    // Nobody watches: stop here; the next subscriber starts a new ticker.
                    _ticking = false;
                    return;
                }
            }

            try
            {
                Publish();
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // A frame that could not be built (the runtime shutting down) is skipped; clients keep the last one.
            }
        }
    }

    private DashboardFrame Publish()
    {
        DashboardFrame frame;
        lock (_buildGate)
        {
            var snapshot = _builder.Build();
            frame = new DashboardFrame(snapshot, JsonSerializer.SerializeToUtf8Bytes(snapshot, JsonOptions));
            FramesBuilt++;
        }

        TaskCompletionSource<DashboardFrame> signal;
        lock (_gate)
        {
            if (_latest is not null && _latest.Snapshot.Sequence > frame.Snapshot.Sequence)
            {
                return _latest;
            }

            _latest = frame;
            signal = _next;
            _next = NewSignal();
        }

        signal.TrySetResult(frame);
        return frame;
    }

    private static TaskCompletionSource<DashboardFrame> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
