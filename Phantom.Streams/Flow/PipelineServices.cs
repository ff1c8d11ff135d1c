using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;

namespace Phantom.Streams.Flow;

/// <summary>
/// The shared, thread-safe services of one pipeline, handed to every stage factory: options, the catalog, the dead
/// letter sink, and any further service by type (the demand board, the price store, the model set). Stages resolve
/// what they need once, when they are created, never per event.
/// </summary>
public sealed class PipelineServices(PhantomOptions options, ProductCatalog catalog, IDeadLetterSink deadLetters)
{
    private readonly Dictionary<Type, object> _services = new();

    public PhantomOptions Options { get; } = options;

    public ProductCatalog Catalog { get; } = catalog;

    public IDeadLetterSink DeadLetters { get; } = deadLetters;

    /// <summary>Registers a service; done while the pipeline is assembled, before any shard runs.</summary>
    public PipelineServices Add<T>(T service)
        where T : class
    {
        _services[typeof(T)] = service;
        return this;
    }

    public T Get<T>()
        where T : class =>
        _services.TryGetValue(typeof(T), out var service)
            ? (T)service
            : throw new InvalidOperationException($"pipeline service {typeof(T).Name} is not registered; a stage needs it");

    public bool TryGet<T>(out T service)
        where T : class
    {
        var found = _services.TryGetValue(typeof(T), out var value);
        service = (T)value!;
        return found;
    }
}
