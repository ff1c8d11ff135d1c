using Phantom.Cluster.Admin;
using Phantom.Cluster.Http;
using Phantom.Cluster.Membership;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;
using Phantom.Streams.Hosting;
using Phantom.Streams.Ingest;
using Phantom.Streams.Journal;
using Phantom.Streams.Kafka;
using Phantom.Streams.Pricing;
using Phantom.Streams.Redis;
using StackExchange.Redis;

namespace Phantom.Cluster.Node;

/// <summary>
/// One <c>phantom node</c>: the runtime (pipeline, sessions, prices), its price stores (memory, plus Redis when
/// <c>phantom.redis.configuration</c> is set), the sources that feed it, the ingest publisher and the HTTP APIs.
/// <para>
/// Seams for what other parts bring: pass a <c>publisher</c> (Kafka in node mode) to send ingested records elsewhere
/// than the local pipeline, and add sources (a Kafka consumer) to <see cref="Sources"/> before <see cref="StartAsync"/>.
/// Without them the node is embedded: the ingest API feeds the local pipeline through <see cref="InProcessEventPublisher"/>.
/// </para>
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly ConnectionMultiplexer? _connection;
    private readonly KafkaBatchProducer? _producer;

    // Kafka writers this node created (they share _producer); disposed after the runtime, before the producer.
    private readonly List<IDisposable> _kafkaWriters = [];
    private readonly List<Task> _sourceTasks = [];
    private bool _started;
    private bool _stopped;

    /// <param name="publisher">Where ingested records go; null: the local pipeline (embedded).</param>
    /// <param name="redisLog">Receives StackExchange.Redis connection chatter (null: discarded).</param>
    /// <exception cref="ConfigurationException">A bad <c>phantom.redis</c> or <c>phantom.http</c> value.</exception>
    /// <param name="kafka">
    /// Consume <c>phantom.kafka.events-topic</c> in the consumer group (one shard per partition), publish ingested events
    /// to Kafka, produce every price to the prices topic and dead letters to theirs; false runs on the in-process
    /// ingest publisher alone.
    /// </param>
    public NodeHost(PhantomOptions options, IEventPublisher? publisher = null, IDeadLetterSink? deadLetters = null, TextWriter? redisLog = null, bool kafka = false)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        HotStore = new InMemoryPriceStore(options.Redis.SessionTtl, stripes: options.Pipeline.ResolvedPartitions);
        if (!string.IsNullOrWhiteSpace(options.Redis.Configuration))
        {
            _connection = RedisConnector.Connect(options.Redis, redisLog);
        }

        try
        {
            var stages = PhantomRuntime.BuiltInStages();
            if (kafka)
            {
                Offsets = new PartitionOffsets(options.Pipeline.ResolvedPartitions);
                KafkaStages.Configure(options, stages, Offsets);
                _producer = new KafkaBatchProducer(options.Kafka, "phantom-node");
            }

            if (!string.IsNullOrWhiteSpace(options.Journal.Connection))
            {
                Journal = JournalFactory.OpenAsync(options.Journal).AsTask().GetAwaiter().GetResult();
                JournalWriter = new GroupCommitJournalWriter(Journal, options.Journal)
                {
                    Log = line => System.Console.Error.WriteLine("warning: " + line),
                };
                Recovery = new JournalSessionRecovery(Journal, options.Pipeline.ResolvedPartitions)
                {
                    Warning = line => System.Console.Error.WriteLine("warning: " + line),
                };
                JournalStage.Configure(options, stages, JournalWriter, Offsets, Recovery);
            }

            DeadLetters = deadLetters ?? (_producer is null ? new InMemoryDeadLetterSink() : Owned(new KafkaDeadLetterSink(options.Kafka, _producer)));
            Runtime = new PhantomRuntime(options, DeadLetters, stages: stages, priceStore: catalog =>
            {
                IPriceStore store = HotStore;
                if (_connection is not null)
                {
                    RedisStore = new RedisPriceStore(_connection, options.Redis, catalog);
                    store = new TieredPriceStore(HotStore, RedisStore);
                }

                return _producer is null ? store : Owned(new KafkaPriceSink(options.Kafka, catalog, _producer, inner: store));
            }, recovery: Recovery);
            Roles = NodeRoles.Resolve(options.Cluster.Roles);
            Member = new ClusterMember(
                NodeRegistryFactory.OpenAsync(options.Cluster, options.Journal.Connection).GetAwaiter().GetResult(),
                options.Cluster,
                Runtime.Partitions,
                kafka,
                Roles,
                () =>
                {
                    var metrics = Runtime.Pipeline.GetMetrics();
                    // Consuming Kafka, lag is the consumer lag of the partitions this node owns (what a Kafka operator
                    // means by it, and what /metrics exports per partition); otherwise the records taken in but not
                    // yet through the stages.
                    var lag = KafkaSource is { } consumer ? consumer.ConsumerLag().Sum(p => p.Lag) : metrics.InFlight;
                    return new NodeStatistics(Runtime.LiveSessions, lag, metrics.EventsProcessed);
                });
            // A node without the pipeline role takes no partitions: it serves (and forwards) queries only.
            if (_producer is not null && Roles.Contains(NodeRoles.Pipeline))
            {
                var producer = _producer;
                var source = new KafkaSource(options.Kafka, Offsets!, Journal is null ? null : new JournalOffsetStore(Journal), clientId: "phantom-node")
                {
                    // Offsets are committed only after the prices they produced left the producer.
                    BeforeCommit = () => producer.Flush(TimeSpan.FromSeconds(30)),
                };
                if (Recovery is { } recovery)
                {
                    // The shards' recovery reads the journal in the background; until a partition's is ready the source
                    // holds back (pauses) that partition only, so a handoff never stalls the shards that did not move.
                    source.PartitionsAssigned += recovery.BeginLoad;
                    source.RecoveryGate = recovery;
                }

                // The registry learns which shards this node hosts from the same rebalance callbacks.
                source.PartitionsAssigned += Member.OnShardsAssigned;
                source.PartitionsRevoked += Member.OnShardsRevoked;

                Sources.Add(source);
                KafkaSource = source;
            }

            if (publisher is null && _producer is null)
            {
                LocalPublisher = new InProcessEventPublisher(topics: IngestTopics.From(options.Kafka));
                Sources.Add(LocalPublisher);
            }

            Publisher = publisher ?? (IEventPublisher?)LocalPublisher ?? Owned(new KafkaEventPublisher(options.Kafka, _producer));
            Http = new PhantomHttpHost(Runtime, Publisher, RedisStore, options.Http, HotStore);
            Forwarder = new QueryForwarder(Member, options.Http.ApiKey);
            AdminClusterRoutes.Map(Http, Member, new SessionStateReader(Runtime, HotStore, Journal), Forwarder);
            Http.PriceForwarder = ForwardPriceAsync;
            Http.AddHealthCheck("cluster", () => new ComponentHealth(
                _stopped ? ComponentHealth.Down : Member.LastError is null ? ComponentHealth.Up : ComponentHealth.Degraded,
                new Dictionary<string, object?>
                {
                    ["node"] = Member.Id,
                    ["cluster"] = Member.ClusterName,
                    ["shards"] = Member.HostedShards.Count,
                    ["heartbeats"] = Member.Heartbeats,
                    ["forwarded"] = Forwarder.Forwarded,
                    ["forward_failures"] = Forwarder.Failed,
                    ["last_error"] = Member.LastError?.Message,
                }));
            Http.AddMetrics(w =>
            {
                w.Counter("phantom_cluster_forwarded_total", "Queries answered by the session's owner through this node.", Forwarder.Forwarded);
                w.Counter("phantom_cluster_forward_failures_total", "Forwards whose owner did not answer (served from Redis or the global/base price).", Forwarder.Failed);
                w.Gauge("phantom_cluster_hosted_shards", "Shards this node hosts.", Member.HostedShards.Count);
            });
            Admin = Cluster.Admin.NodeAdmin.Map(this);
            Dashboard = Phantom.Cluster.Dashboard.NodeDashboard.Attach(this);
            Dashboard.Builder.Cluster = ClusterMap;
            // Graph changes at run time go to the membership log, like the node's other changes.
            Admin.Stages.StageChanged += change => Member.Log(change.Kind, change.Detail);
            if (LocalPublisher is { } local)
            {
                Http.AddHealthCheck("ingest", () => new ComponentHealth(
                    _stopped ? ComponentHealth.Down : ComponentHealth.Up,
                    new Dictionary<string, object?> { ["publisher"] = "in-process", ["published"] = local.Published, ["pending"] = local.Pending, ["price_logs"] = local.PriceLogs }));
            }

            if (JournalWriter is { } journalWriter)
            {
                // Degraded while the database refuses appends: the writer retries with backoff and the shards wait.
                Http.AddHealthCheck("journal", () => new ComponentHealth(
                    _stopped ? ComponentHealth.Down : journalWriter.UnavailableFor is null ? ComponentHealth.Up : ComponentHealth.Degraded,
                    new Dictionary<string, object?>
                    {
                        ["kind"] = JournalFactory.IsPostgres(options.Journal.Connection) ? "postgresql" : "sqlite",
                        ["committed_events"] = journalWriter.CommittedEvents,
                        ["committed_batches"] = journalWriter.CommittedBatches,
                        ["queued_requests"] = journalWriter.QueuedRequests,
                        ["recovered_sessions"] = Recovery?.Recovered ?? 0,
                        ["unavailable_retries"] = journalWriter.UnavailableRetries,
                        ["unavailable_for_s"] = journalWriter.UnavailableFor?.TotalSeconds,
                        ["last_unavailable_error"] = journalWriter.LastUnavailableError,
                    }));
            }

            if (JournalWriter is { } batchWriter)
            {
                Http.AddMetrics(w => w.Histogram(
                    "phantom_journal_batch_events", "Events per group-commit transaction of the journal.",
                    batchWriter.BatchSizes.Cumulative(), batchWriter.BatchSizes.Sum, batchWriter.BatchSizes.Count));
                Http.AddMetrics(w => w.Counter("phantom_journal_unavailable_retries_total", "Journal appends retried because the database was unavailable.", batchWriter.UnavailableRetries));
            }

            if (KafkaSource is { } consumer)
            {
                Http.AddMetrics(w =>
                {
                    foreach (var (partition, lag) in consumer.ConsumerLag())
                    {
                        w.Gauge("phantom_kafka_consumer_lag", "Records of a partition not yet processed (high watermark minus the next offset to process).", lag,
                            ("topic", options.Kafka.EventsTopic), ("partition", partition.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }
                });
            }

            if (Offsets is { } offsets)
            {
                // assigned_partitions: the shards this member owns now, so a cluster's distribution shows on /health.
                var kafkaSource = Sources.OfType<KafkaSource>().FirstOrDefault();
                Http.AddHealthCheck("kafka", () => new ComponentHealth(
                    _stopped ? ComponentHealth.Down : ComponentHealth.Up,
                    new Dictionary<string, object?>
                    {
                        ["bootstrap_servers"] = options.Kafka.BootstrapServers,
                        ["group_id"] = options.Kafka.GroupId,
                        ["topic"] = options.Kafka.EventsTopic,
                        ["assigned_partitions"] = kafkaSource?.AssignedPartitions ?? [],
                        ["rebalances"] = kafkaSource?.Rebalances ?? 0,
                    }));
            }
        }
        catch
        {
            Forwarder?.Dispose();
            Member?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            JournalWriter?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Journal?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _producer?.Dispose();
            _connection?.Dispose();
            throw;
        }
    }

    public PhantomOptions Options { get; }

    public PhantomRuntime Runtime { get; }

    public IDeadLetterSink DeadLetters { get; }

    /// <summary>The node's in-memory price store: the hot cache the pricing API reads first.</summary>
    public InMemoryPriceStore HotStore { get; }

    /// <summary>The Redis store, or null when Redis is not configured.</summary>
    public RedisPriceStore? RedisStore { get; private set; }

    /// <summary>The in-process publisher of embedded mode; null when another publisher was given.</summary>
    public InProcessEventPublisher? LocalPublisher { get; }

    /// <summary>The highest processed offset per partition, in Kafka mode; null otherwise.</summary>
    public PartitionOffsets? Offsets { get; }

    /// <summary>The events topic's consumer in Kafka mode; null otherwise.</summary>
    public KafkaSource? KafkaSource { get; }

    /// <summary>The persisted session journal (<c>phantom.journal.connection</c>); null runs without one.</summary>
    public IJournal? Journal { get; }

    /// <summary>The group commit every shard's <c>journal</c> stage writes through; null without a journal.</summary>
    public GroupCommitJournalWriter? JournalWriter { get; }

    /// <summary>Rebuilds sessions from the journal after a restart or rebalance; null without a journal.</summary>
    public JournalSessionRecovery? Recovery { get; }

    public IEventPublisher Publisher { get; }

    /// <summary>What feeds the pipeline; each runs on its own writer from <see cref="StartAsync"/> until the stop.</summary>
    public List<IFlowSource> Sources { get; } = [];

    public PhantomHttpHost Http { get; }

    /// <summary>This node's cluster membership: registry, heartbeats, hosted shards (<c>phantom.cluster</c>).</summary>
    public ClusterMember Member { get; }

    /// <summary>The roles this node runs (<c>phantom.cluster.roles</c> / <c>--roles</c>; all by default).</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>Forwards price and session queries for shards hosted elsewhere, one hop.</summary>
    public QueryForwarder Forwarder { get; }

    /// <summary>The node-local admin routes (stages, log, metrics, promote) and the node log.</summary>
    public Cluster.Admin.NodeAdmin Admin { get; }

    // The shard map from the registry view the member refreshes on every heartbeat round (no query per frame).
    private Phantom.Cluster.Dashboard.ClusterMap? ClusterMap()
    {
        var nodes = Member.Nodes;
        if (nodes.Count == 0)
        {
            return null;
        }

        return new Phantom.Cluster.Dashboard.ClusterMap(
            Member.Id,
            Member.ClusterName,
            Member.Partitions,
            [.. nodes.Select(n => new Phantom.Cluster.Dashboard.ClusterMapNode(n.Id, n.Address, n.Status, n.Shards, n.Entities, n.EventsPerSecond))]);
    }

    /// <summary>The live dashboard (<c>/dashboard</c>); its shard map comes from the cluster registry.</summary>
    public Phantom.Cluster.Dashboard.DashboardBroadcaster Dashboard { get; }

    /// <summary>Why a source stopped on its own (e.g. a Kafka topic whose partitions do not match the shards); null while they run.</summary>
    public Exception? SourceFailure => _sourceTasks.FirstOrDefault(t => t.IsFaulted)?.Exception?.GetBaseException();

    /// <summary>The serving model's version, stamped on prices (Redis messages) and pricing answers.</summary>
    public void SetModelVersion(string version)
    {
        Http.Lookup.ModelVersion = version;
        if (RedisStore is { } redis)
        {
            redis.ModelVersion = version;
        }

        foreach (var sink in _kafkaWriters.OfType<KafkaPriceSink>())
        {
            sink.ModelVersion = version;
        }
    }

    /// <summary>Starts the pipeline, every source and the HTTP listeners; records the serving model in <c>model:meta</c>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("the node is already started");
        }

        _started = true;
        if (Recovery is { } recovery && Offsets is null)
        {
            // No partition assignment will come: every shard may hold journaled sessions.
            recovery.Load(Enumerable.Range(0, Runtime.Partitions).ToArray());
        }

        Runtime.Start();
        foreach (var source in Sources)
        {
            _sourceTasks.Add(Runtime.Pipeline.RunSourceAsync(source));
        }

        await Http.StartAsync(cancellationToken).ConfigureAwait(false);
        if (Offsets is null)
        {
            // In-process ingest routes every session to a local shard.
            Member.HostAll();
        }

        await Member.StartAsync(Http.BoundUrls, cancellationToken).ConfigureAwait(false);
        Admin.NodeId = Member.Id; // the node-local admin routes name the same node as the registry
        Http.NodeId = Member.Id; // and so does a refused key
        var policy = Runtime.Prices.Policy.Name;
        RedisStore?.WriteModelMeta(policy, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["name"] = policy,
            ["version"] = Http.Lookup.ModelVersion,
            ["kind"] = "pricing-policy",
            ["started"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        }));
    }

    /// <summary>
    /// Graceful stop: sources stop and the pipeline drains (records already accepted by the ingest API included),
    /// sessions passivate, then the HTTP listeners close (pricing answers until then). True when everything drained.
    /// </summary>
    public async Task<bool> StopAsync()
    {
        if (_stopped || !_started)
        {
            _stopped = true;
            return true;
        }

        _stopped = true;
        await MembershipStepAsync(() => Member.MarkLeavingAsync("stopping")).ConfigureAwait(false);
        var drained = await Runtime.StopAsync().ConfigureAwait(false);
        foreach (var task in _sourceTasks)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A source stopped by the kill switch: the normal way out.
            }
            catch (Exception)
            {
                // A source that failed on its own: SourceFailure reports it; the stop goes on (HTTP, producer flush).
            }
        }

        // Drained and handed off: logs the revocations and "removed" while the HTTP listeners still answer.
        await MembershipStepAsync(() => Member.StopAsync(removed: drained)).ConfigureAwait(false);
        await Http.StopAsync().ConfigureAwait(false);
        _producer?.Flush(TimeSpan.FromSeconds(30));
        return drained;
    }

    /// <summary>
    /// Stops the node as a crash would, for tests: the pipeline aborts, the sources and heartbeats stop without handing
    /// anything off or logging a leave, so the other nodes must notice the silence.
    /// </summary>
    public async Task CrashAsync()
    {
        _stopped = true;
        await Member.StopAsync(removed: false).ConfigureAwait(false);
        Runtime.Pipeline.Abort();
        foreach (var task in _sourceTasks)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Whatever the source died of: a crash does not care.
            }
        }

        await Http.StopAsync().ConfigureAwait(false);
    }

    private async Task MembershipStepAsync(Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            // The registry is unavailable: stopping goes on; the other nodes will see this one go unreachable.
        }
    }

    /// <summary>The pricing API's hook: a session priced on another node's shard is asked there (one hop).</summary>
    private async Task<bool> ForwardPriceAsync(Microsoft.AspNetCore.Http.HttpContext context, string sessionId)
    {
        if (QueryForwarder.IsForwarded(context.Request))
        {
            return false;
        }

        if (!Roles.Contains(NodeRoles.Pricing))
        {
            // Deployed without the pricing role: price traffic belongs to other nodes (forwarded hops are still answered).
            await AdminClusterErrors.Error(
                Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable,
                $"node '{Member.Id}' does not serve prices (roles: {string.Join(", ", Roles)})",
                Member.Id).ExecuteAsync(context).ConfigureAwait(false);
            return true;
        }

        if (sessionId.Length == 0)
        {
            return false;
        }

        var shard = Member.ShardOf(sessionId);
        if (Member.Hosts(shard) || Member.OwnerOf(shard) is not { } owner)
        {
            return false;
        }

        // False: the owner did not answer in time; the local lookup falls back to Redis, then the global or base price.
        return await Forwarder.TryForwardAsync(context, owner).ConfigureAwait(false);
    }

    private T Owned<T>(T writer)
        where T : IDisposable
    {
        _kafkaWriters.Add(writer);
        return writer;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await Member.DisposeAsync().ConfigureAwait(false);
        Forwarder.Dispose();
        await Http.DisposeAsync().ConfigureAwait(false);
        await Runtime.DisposeAsync().ConfigureAwait(false);
        foreach (var writer in _kafkaWriters)
        {
            writer.Dispose();
        }

        if (JournalWriter is not null)
        {
            await JournalWriter.DisposeAsync().ConfigureAwait(false);
        }

        if (Journal is not null)
        {
            await Journal.DisposeAsync().ConfigureAwait(false);
        }

        _producer?.Dispose();
        _connection?.Dispose();
    }
}
