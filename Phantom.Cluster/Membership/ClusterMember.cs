using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Phantom.Streams.Cluster;

namespace Phantom.Cluster.Membership;

/// <summary>
/// This node's part in cluster membership: registers it (<c>joined</c>, then <c>up</c>), heartbeats its shards and
/// statistics every <see cref="ClusterOptions.HeartbeatInterval"/>, marks other nodes unreachable when their
/// heartbeats stop, logs shard assignments and revocations, and runs the graceful leave (<c>leaving</c>, then
/// <c>removed</c> once the pipeline drained). It also keeps what routing needs without a database round trip per
/// request: the shards hosted here and the last snapshot of every node.
/// <para>
/// Shard changes arrive on the Kafka consumer's thread (inside a rebalance callback, which must not block on a
/// database): they update <see cref="HostedShards"/> at once and queue their log entries for the heartbeat loop.
/// </para>
/// </summary>
public sealed class ClusterMember : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly Func<NodeStatistics> _statistics;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<(string Kind, string Detail)> _pending = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _leave = new();
    private int[] _hosted = [];
    private IReadOnlyList<NodeRecord> _nodes = [];
    private Task? _loop;
    private Exception? _lastError;
    private long _heartbeats;
    private long _lastProcessed;
    private long _lastTick;
    private double _eventsPerSecond;
    private bool _leaving;
    private bool _stopped;

    /// <param name="registry">The shared registry; the member owns and disposes it.</param>
    /// <param name="partitions">The pipeline's shards (= the events topic's partitions in Kafka mode).</param>
    /// <param name="kafka">Whether sessions reach the shards through Kafka's partitioner (see <see cref="SessionShards"/>).</param>
    /// <param name="roles">The roles this node announces.</param>
    /// <param name="statistics">Read on the heartbeat loop: live sessions, lag, events processed.</param>
    public ClusterMember(INodeRegistry registry, ClusterOptions options, int partitions, bool kafka, IReadOnlyList<string> roles, Func<NodeStatistics> statistics, TimeProvider? time = null)
    {
        Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new Streams.Configuration.ConfigurationException($"phantom.cluster.heartbeat-interval = {options.HeartbeatInterval} must be positive");
        }

        if (options.UnreachableAfter <= options.HeartbeatInterval)
        {
            throw new Streams.Configuration.ConfigurationException(
                $"phantom.cluster.unreachable-after ({options.UnreachableAfter}) must exceed phantom.cluster.heartbeat-interval ({options.HeartbeatInterval}), or every node looks unreachable");
        }

        Partitions = partitions;
        Kafka = kafka;
        Roles = roles ?? throw new ArgumentNullException(nameof(roles));
        _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
        _time = time ?? TimeProvider.System;
        Version = typeof(ClusterMember).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
    }

    public INodeRegistry Registry { get; }

    /// <summary>This node's id (known once <see cref="StartAsync"/> has run: the default derives from the bound port).</summary>
    public string Id { get; private set; } = "";

    /// <summary>The base URL other nodes reach this one at.</summary>
    public string Address { get; private set; } = "";

    public IReadOnlyList<string> Roles { get; }

    public string Version { get; }

    public DateTimeOffset Started { get; private set; }

    public int Partitions { get; }

    public bool Kafka { get; }

    public string ClusterName => Registry.Cluster;

    /// <summary>How long a forwarded query may take.</summary>
    public TimeSpan ForwardTimeout => _options.ForwardTimeout;

    /// <summary>How old a heartbeat may be before its node counts as unreachable.</summary>
    public TimeSpan UnreachableAfter => _options.UnreachableAfter;

    /// <summary>The shards this node hosts now, ascending.</summary>
    public IReadOnlyList<int> HostedShards => Volatile.Read(ref _hosted);

    /// <summary>Every node as of the last heartbeat round (routing reads this, not the database).</summary>
    public IReadOnlyList<NodeRecord> Nodes => Volatile.Read(ref _nodes);

    /// <summary>Fires when this node was asked to leave (<c>POST /admin/cluster/leave/{self}</c>): the process should stop gracefully.</summary>
    public CancellationToken LeaveRequested => _leave.Token;

    /// <summary>The last registry error of the heartbeat loop (it keeps trying), null if the last round succeeded.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Heartbeats recorded so far.</summary>
    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    /// <summary>Whether <paramref name="shard"/> is hosted here.</summary>
    public bool Hosts(int shard) => Array.BinarySearch(Volatile.Read(ref _hosted), shard) >= 0;

    /// <summary>
    /// The other live node that hosts <paramref name="shard"/> in <paramref name="nodes"/> (default: the last snapshot),
    /// the most recently heard from if two claim it mid-rebalance; null if none does.
    /// </summary>
    public NodeRecord? OwnerOf(int shard, IReadOnlyList<NodeRecord>? nodes = null) =>
        (nodes ?? Nodes)
            .Where(n => n.Id != Id && MemberStatus.IsLive(n.Status) && n.Shards.Contains(shard))
            .OrderByDescending(n => n.LastHeartbeat)
            .FirstOrDefault();

    /// <summary>The shard <paramref name="sessionId"/> lives on (the Kafka partition of its key in Kafka mode).</summary>
    public int ShardOf(string sessionId) => SessionShards.ShardOf(sessionId, Partitions, Kafka);

    /// <summary>Hosts every shard (no partition assignment will come: in-process ingest).</summary>
    public void HostAll() => OnShardsAssigned(Enumerable.Range(0, Partitions).ToArray());

    /// <summary>Kafka assigned <paramref name="shards"/> to this node (the consumer's thread; never blocks).</summary>
    public void OnShardsAssigned(IReadOnlyList<int> shards) => ChangeShards(shards, assigned: true);

    /// <summary>Kafka took <paramref name="shards"/> away, after they were drained and committed (the consumer's thread).</summary>
    public void OnShardsRevoked(IReadOnlyList<int> shards) => ChangeShards(shards, assigned: false);

    /// <summary>
    /// Queues an entry of the membership log about this node (e.g. <c>stage-attached</c>); written, in order, by the
    /// next heartbeat round, which this call starts at once. Never blocks.
    /// </summary>
    public void Log(string kind, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        _pending.Enqueue((kind, detail ?? ""));
        Wake();
    }

    /// <summary>Registers the node (<c>joined</c>, then <c>up</c>) and starts heartbeating.</summary>
    /// <param name="boundUrls">The HTTP addresses the node listens on (the default id and address derive from them).</param>
    public async Task StartAsync(IReadOnlyList<string> boundUrls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(boundUrls);
        if (_loop is not null)
        {
            throw new InvalidOperationException("the cluster member is already started");
        }

        Address = NodeIdentity.Address(_options.AdvertiseAddress, boundUrls);
        Id = NodeIdentity.Id(_options.NodeId, Address);
        Started = _time.GetUtcNow();
        _lastTick = Stopwatch.GetTimestamp();
        _lastProcessed = _statistics().EventsProcessed;
        await RegisterAsync(cancellationToken).ConfigureAwait(false);
        await RoundAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    /// <summary>
    /// Starts this node's graceful leave: logs <c>leaving</c> and fires <see cref="LeaveRequested"/>; the host then
    /// stops its sources (Kafka hands the shards off after draining and committing) and calls <see cref="StopAsync"/>.
    /// </summary>
    /// <returns>False when the node was already leaving.</returns>
    public async Task<bool> LeaveAsync(string detail, CancellationToken cancellationToken = default)
    {
        if (!await MarkLeavingAsync(detail, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await _leave.CancelAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Logs <c>leaving</c> once (a leave request or the start of a graceful stop).</summary>
    public async Task<bool> MarkLeavingAsync(string detail, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_leaving || _loop is null)
            {
                return false;
            }

            _leaving = true;
        }

        await Registry.SetStatusAsync(Id, MemberStatus.Leaving, MemberEventKind.Leaving, detail, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Stops heartbeating. <paramref name="removed"/> (a graceful stop, after the pipeline drained): logs the pending
    /// shard changes and <c>removed</c>. Otherwise the node simply goes quiet, and the others will find it unreachable.
    /// </summary>
    public async Task StopAsync(bool removed, CancellationToken cancellationToken = default)
    {
        if (_stopped || _loop is null)
        {
            _stopped = true;
            return;
        }

        _stopped = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (!removed)
        {
            return;
        }

        try
        {
            await MarkLeavingAsync("stopping", cancellationToken).ConfigureAwait(false);
            await FlushPendingAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                Volatile.Write(ref _hosted, []);
            }

            await Registry.HeartbeatAsync(Record(), cancellationToken).ConfigureAwait(false);
            await Registry.SetStatusAsync(Id, MemberStatus.Removed, MemberEventKind.Removed, "left the cluster after draining", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or TimeoutException or IOException)
        {
            // The registry is unreachable at shutdown: the others will mark this node unreachable instead.
            Volatile.Write(ref _lastError, error);
        }
    }

    /// <summary>One heartbeat round now (tests and the loop): heartbeat, pending log entries, unreachable sweep, node snapshot.</summary>
    public async Task RoundAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await Registry.HeartbeatAsync(Record(), cancellationToken).ConfigureAwait(false);
        if (outcome == HeartbeatOutcome.NotMember)
        {
            // Downed or removed while this process still runs (a partition healed): join again as a new incarnation.
            await RegisterAsync(cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _heartbeats);
        await FlushPendingAsync(cancellationToken).ConfigureAwait(false);
        await Registry.MarkUnreachableAsync(_time.GetUtcNow() - _options.UnreachableAfter, Id, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _nodes, await Registry.NodesAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>This node as the registry shows it now, with fresh statistics.</summary>
    public NodeRecord Record()
    {
        var statistics = _statistics();
        var now = Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(_lastTick, now).TotalSeconds;
        if (seconds >= 0.2)
        {
            _eventsPerSecond = Math.Max(0, statistics.EventsProcessed - _lastProcessed) / seconds;
            _lastProcessed = statistics.EventsProcessed;
            _lastTick = now;
        }

        string status;
        lock (_gate)
        {
            status = _leaving ? MemberStatus.Leaving : MemberStatus.Up;
        }

        return new NodeRecord(Id, Address, Roles, Version, Started, _time.GetUtcNow(), status, HostedShards,
            statistics.Entities, statistics.Lag, Math.Round(_eventsPerSecond, 1));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(removed: false).ConfigureAwait(false);
        await Registry.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _leave.Dispose();
        _wake.Dispose();
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var record = Record() with { Status = MemberStatus.Joining };
        await Registry.RegisterAsync(record, cancellationToken).ConfigureAwait(false);
        await Registry.SetStatusAsync(Id, MemberStatus.Up, MemberEventKind.Up, "serving", cancellationToken).ConfigureAwait(false);
    }

    private void ChangeShards(IReadOnlyList<int> shards, bool assigned)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var current = Volatile.Read(ref _hosted);
            var next = assigned ? current.Union(shards) : current.Except(shards);
            Volatile.Write(ref _hosted, next.Order().ToArray());
            // Logged by the next heartbeat round (the first one follows registration, so early assignments wait for it).
            _pending.Enqueue((assigned ? MemberEventKind.ShardsAssigned : MemberEventKind.ShardsRevoked, SqlNodeRegistry.ShardList(shards.Order().ToArray())));
        }

        Wake();
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // Disposed: nobody heartbeats any more.
        }
    }

    private async Task FlushPendingAsync(CancellationToken cancellationToken)
    {
        while (_pending.TryPeek(out var entry))
        {
            await Registry.RecordAsync(Id, entry.Kind, entry.Detail, cancellationToken).ConfigureAwait(false);
            _pending.TryDequeue(out _);
        }
    }

    private async Task LoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                // A shard change wakes the loop early, so the registry (and other nodes' routing) learns it at once.
                await _wake.WaitAsync(_options.HeartbeatInterval, token).ConfigureAwait(false);
                await RoundAsync(token).ConfigureAwait(false);
                Volatile.Write(ref _lastError, null);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // The database is unavailable or refused: try again next round; /health shows the error.
                Volatile.Write(ref _lastError, error);
            }
        }
    }
}
