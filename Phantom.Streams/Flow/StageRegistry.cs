namespace Phantom.Streams.Flow;

/// <summary>
/// Stage factories by name. Parts of Phantom register their stages here (<c>parse</c>, <c>session</c>, …) while the
/// node is assembled; the pipeline builds its graph from <see cref="PipelineOptions.Stages"/> by these names and
/// resolves them again when an operator attaches a stage at run time. Thread-safe; not on the hot path.
/// </summary>
public sealed class StageRegistry
{
    private readonly Dictionary<string, FlowStageFactory> _factories = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Registers <paramref name="factory"/> under <paramref name="name"/>; a name can be registered once.</summary>
    public StageRegistry Register(string name, FlowStageFactory factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        lock (_gate)
        {
            if (!_factories.TryAdd(name, factory))
            {
                throw new ArgumentException($"stage '{name}' is already registered", nameof(name));
            }
        }

        return this;
    }

    /// <summary>Registered names, sorted.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return _factories.Keys.Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    public bool Contains(string name)
    {
        lock (_gate)
        {
            return _factories.ContainsKey(name);
        }
    }

    /// <summary>The factory for <paramref name="name"/>, or <see cref="UnknownStageException"/> naming the known ones.</summary>
    public FlowStageFactory Resolve(string name)
    {
        lock (_gate)
        {
            if (_factories.TryGetValue(name, out var factory))
            {
                return factory;
            }
        }

        throw new UnknownStageException(name, Names);
    }
}
