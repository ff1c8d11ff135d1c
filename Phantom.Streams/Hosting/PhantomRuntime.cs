using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Demand;
using Phantom.Streams.Flow;
using Phantom.Streams.Models;
using Phantom.Streams.Pricing;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Hosting;

/// <summary>
/// One Kappa pipeline, assembled from configuration: the catalog, the session model, the demand board, the pricing
/// services and the partitioned flow whose graph is <c>phantom.pipeline.stages</c>. The demo, the stream benchmark and
/// a node all start from this, so the graph they run is the same.
/// </summary>
public sealed class PhantomRuntime : IAsyncDisposable
{
    /// <param name="priceStore">
    /// Builds where prices go from the runtime's catalog (e.g. a Redis-backed store in node mode); null: an
    /// <see cref="InMemoryPriceStore"/>.
    /// </param>
    /// <param name="recovery">Rebuilds sessions a shard misses from persisted history (the node's journal); null: none.</param>
    public PhantomRuntime(PhantomOptions options, IDeadLetterSink deadLetters, ISessionObserver? observer = null, StageRegistry? stages = null, Func<ProductCatalog, IPriceStore>? priceStore = null, ISessionRecoveryProvider? recovery = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Catalog = new ProductCatalog(options.Catalog);
        Partitions = options.Pipeline.ResolvedPartitions;
        Sessions = new SessionTableDirectory(Partitions);
        Models = new ModelServing(options, Sessions);
        Demand = new DemandBoard(Catalog, Partitions, options.Demand);
        Services = new PipelineServices(options, Catalog, deadLetters)
            .Add(Model)
            .Add(Demand)
            .Add(Sessions)
            .AddPricing(Demand, priceStore?.Invoke(Catalog));
        if (observer is not null)
        {
            Services.Add(observer);
        }

        if (recovery is not null)
        {
            Services.Add(recovery);
        }

        Prices = Services.Get<GlobalPriceBoard>();
        Pricing = Services.Get<PricingStatistics>();
        PriceStore = Services.Get<IPriceStore>();
        Pipeline = new PartitionedPipeline(stages ?? BuiltInStages(), Services);
    }

    public PhantomOptions Options { get; }

    public ProductCatalog Catalog { get; }

    public int Partitions { get; }

    /// <summary>The session model shards use now (changes on <see cref="ReloadModels"/>).</summary>
    public SessionModel Model => Models.Current;

    /// <summary>The served models and their hot reload from the registry (<c>phantom.models</c>).</summary>
    public ModelServing Models { get; }

    public DemandBoard Demand { get; }

    /// <summary>Every shard's session table, for live counts, session queries and the final drain.</summary>
    public SessionTableDirectory Sessions { get; }

    public PipelineServices Services { get; }

    public GlobalPriceBoard Prices { get; }

    public PricingStatistics Pricing { get; }

    public IPriceStore PriceStore { get; }

    public PartitionedPipeline Pipeline { get; }

    /// <summary>Sessions currently in memory across shards (approximate while shards run).</summary>
    public long LiveSessions
    {
        get
        {
            long live = 0;
            for (var shard = 0; shard < Partitions; shard++)
            {
                live += Sessions[shard]?.Count ?? 0;
            }

            return live;
        }
    }

    /// <summary>The stages every Phantom graph can name, registered under their configuration names.</summary>
    public static StageRegistry BuiltInStages()
    {
        var registry = new StageRegistry()
            .Register(ParseStage.StageName, ParseStage.Create)
            .Register(SessionStage.StageName, SessionStage.Create)
            .Register(DemandStage.StageName, DemandStage.Create);
        foreach (var (name, factory) in PricingStages.Factories)
        {
            registry.Register(name, factory);
        }

        // Operator taps (log-tap, sample, shadow-*): not in the configured graph, attached at run time.
        return Flow.Taps.TapStages.Register(registry);
    }

    /// <summary>Starts the shards, and the promotion watch when <c>phantom.models.watch-interval</c> is positive.</summary>
    public void Start()
    {
        Pipeline.Start();
        Models.StartWatch();
    }

    /// <summary>
    /// Rebuilds the session model from the registry's promoted kernels and detector and swaps it into every shard
    /// without a restart (live sessions rebind on their next event). A promoted artifact that fails to load or validate
    /// is refused and the current model keeps serving; the result says which.
    /// </summary>
    public ModelReloadResult ReloadModels() => Models.Reload();

    /// <summary>
    /// Waits until every record written so far has left the stages: the barrier the deterministic global price step
    /// stands on (all shards quiet, so the demand it reads does not depend on thread timing).
    /// </summary>
    public async Task WhenIdleAsync(long recordsWritten, CancellationToken cancellation)
    {
        var spins = 0;
        while (Pipeline.RecordsSettled() < recordsWritten)
        {
            cancellation.ThrowIfCancellationRequested();
            if (Pipeline.State is not PipelineState.Running and not PipelineState.Draining)
            {
                throw new InvalidOperationException($"the pipeline stopped ({Pipeline.State}) while a source waited for it");
            }

            if (++spins < 64)
            {
                Thread.SpinWait(64);
            }
            else
            {
                await Task.Delay(1, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drains the pipeline, then passivates every live session so observers see each final state.</summary>
    public async Task<bool> StopAsync()
    {
        var drained = await Pipeline.ShutdownAsync().ConfigureAwait(false);
        Sessions.PassivateAll();
        return drained;
    }

    public ValueTask DisposeAsync()
    {
        Models.Dispose();
        return Pipeline.DisposeAsync();
    }
}
