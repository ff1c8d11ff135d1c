using Phantom.Streams.Agents;
using Phantom.Streams.Catalog;
using Phantom.Streams.Cluster;
using Phantom.Streams.Codec;
using Phantom.Streams.Demand;
using Phantom.Streams.Flow;
using Phantom.Streams.Generation;
using Phantom.Streams.Hosting;
using Phantom.Streams.Journal;
using Phantom.Streams.Kafka;
using Phantom.Streams.Models;
using Phantom.Streams.Pricing;
using Phantom.Streams.Redis;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Configuration;

/// <summary>The typed form of the <c>phantom</c> object of <c>hocon/phantom.conf</c>; defaults equal that file's.</summary>
public sealed class PhantomOptions
{
    public PipelineOptions Pipeline { get; set; } = new();

    public CodecOptions Codec { get; set; } = new();

    public SessionOptions Session { get; set; } = new();

    public DemandOptions Demand { get; set; } = new();

    public AgentOptions Agent { get; set; } = new();

    public PricingOptions Pricing { get; set; } = new();

    public CatalogOptions Catalog { get; set; } = new();

    public GeneratorOptions Generator { get; set; } = new();

    public ModelsOptions Models { get; set; } = new();

    public KafkaOptions Kafka { get; set; } = new();

    public RedisOptions Redis { get; set; } = new();

    public HttpOptions Http { get; set; } = new();

    /// <summary>The persisted session journal a node writes (<c>phantom.journal</c>); an empty connection runs without one.</summary>
    public JournalOptions Journal { get; set; } = new();

    /// <summary>Cluster membership (<c>phantom.cluster</c>): node id, roles, heartbeats and the node registry.</summary>
    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>The operator's taps and the admin API's log (<c>phantom.admin</c>).</summary>
    public Flow.Taps.AdminOptions Admin { get; set; } = new();

    /// <summary>A copy that shares every section with this one; replace a section on it to vary just that section.</summary>
    public PhantomOptions ShallowCopy() => (PhantomOptions)MemberwiseClone();
}
