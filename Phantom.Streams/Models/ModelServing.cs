using Phantom.Streams.Agents;
using Phantom.Streams.Configuration;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Models;

/// <summary>
/// Which session model a pipeline serves, and hot reload from the registry (<c>phantom.models</c>). A reload reads
/// the promoted pointers, loads and validates the artifacts (hash, kind, format, probe scores), builds a new immutable
/// <see cref="SessionModel"/> and swaps it into every shard's <see cref="SessionTable"/> with one reference write each;
/// entities rebind on their next event. Anything that fails leaves the served model in place and is reported in the
/// <see cref="ModelReloadResult"/>: a broken model is never served. The optional watch polls the pointers every
/// <see cref="ModelsOptions.WatchInterval"/> and reloads when they change.
/// </summary>
public sealed class ModelServing : IDisposable
{
    private readonly PhantomOptions _options;
    private readonly SessionTableDirectory _tables;
    private readonly Lock _gate = new();
    private SessionModel _current;
    private PromotedState _served = PromotedState.None;
    private PromotedState? _refused;
    private string? _unreadablePointers;
    private Timer? _watch;
    private bool _disposed;

    /// <summary>Loads the promoted models if any (falling back to the configured ones when they fail).</summary>
    /// <exception cref="ArgumentException"><c>phantom.models</c> is out of range.</exception>
    public ModelServing(PhantomOptions options, SessionTableDirectory tables)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tables);
        if (string.IsNullOrWhiteSpace(options.Models.Directory))
        {
            throw new ArgumentException("phantom.models.directory must name a directory");
        }

        if (options.Models.WatchInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"phantom.models.watch-interval = {options.Models.WatchInterval} must be >= 0 (0 turns the watch off)");
        }

        _options = options;
        _tables = tables;
        Registry = new PromotedModels(options.Models.Directory);
        _current = SessionModel.From(options);
        LastResult = Reload();
    }

    /// <summary>The registry the models come from.</summary>
    public PromotedModels Registry { get; }

    /// <summary>The model shards use now.</summary>
    public SessionModel Current => Volatile.Read(ref _current);

    /// <summary>The promotions the current model was built from (<see cref="PromotedState.None"/>: configured defaults).</summary>
    public PromotedState Served
    {
        get
        {
            lock (_gate)
            {
                return _served;
            }
        }
    }

    /// <summary>The latest reload's result.</summary>
    public ModelReloadResult LastResult { get; private set; }

    /// <summary>Raised after every reload that loaded or refused something (from the caller's or the watch's thread).</summary>
    public event Action<ModelReloadResult>? Reloaded;

    /// <summary>Reloads from the promoted pointers now, even if they did not change.</summary>
    public ModelReloadResult Reload() => Run(force: true);

    /// <summary>Reloads only when the pointers differ from what is served and from the last refused state (the watch's step).</summary>
    public ModelReloadResult Poll() => Run(force: false);

    /// <summary>Starts polling every <see cref="ModelsOptions.WatchInterval"/> (nothing when it is zero or already started).</summary>
    public void StartWatch()
    {
        var interval = _options.Models.WatchInterval;
        lock (_gate)
        {
            if (_disposed || _watch is not null || interval <= TimeSpan.Zero)
            {
                return;
            }

            // One-shot and re-armed after each poll, so a slow load never overlaps the next poll.
            _watch = new Timer(_ => Tick(), null, interval, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watch?.Dispose();
            _watch = null;
        }
    }

    private void Tick()
    {
        try
        {
            Poll();
        }
        finally
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _watch?.Change(_options.Models.WatchInterval, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    private ModelReloadResult Run(bool force)
    {
        ModelReloadResult result;
        lock (_gate)
        {
            PromotedState? state = null;
            try
            {
                state = Registry.ReadState();
                if (!force && (state == _served || state == _refused))
                {
                    return new ModelReloadResult(ModelReloadOutcome.Unchanged, _served, state, "promotions unchanged", DateTimeOffset.UtcNow);
                }

                var loaded = Registry.Load(state, _options.Agent.Epsilon);
                var model = Build(loaded);
                Volatile.Write(ref _current, model);
                for (var shard = 0; shard < _tables.Partitions; shard++)
                {
                    if (_tables[shard] is { } table)
                    {
                        table.Model = model;
                    }
                }

                _served = state;
                _refused = null;
                _unreadablePointers = null;
                result = new ModelReloadResult(ModelReloadOutcome.Loaded, state, state, $"serving {state} ({model.Detector.Description})", DateTimeOffset.UtcNow);
            }
            catch (Exception e) when (e is ModelLoadException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                // A pointer file that cannot be read has no state to remember as refused: remember the error instead,
                // so the watch reports it once rather than on every poll.
                if (state is null && !force && e.Message == _unreadablePointers)
                {
                    return new ModelReloadResult(ModelReloadOutcome.Unchanged, _served, null, "promoted pointers still unreadable", DateTimeOffset.UtcNow);
                }

                _unreadablePointers = state is null ? e.Message : null;
                _refused = state;
                result = new ModelReloadResult(
                    ModelReloadOutcome.Refused, _served, state, $"refused {state?.ToString() ?? "the promoted pointers"}: {e.Message}; still serving {_served}", DateTimeOffset.UtcNow);
            }

            LastResult = result;
        }

        Reloaded?.Invoke(result);
        return result;
    }

    private SessionModel Build(LoadedModels loaded)
    {
        var agent = _options.Agent;
        return new SessionModel(
            _options.Session,
            agent,
            _options.Demand,
            loaded.Kernels?.Human ?? agent.HumanKernel(),
            loaded.Kernels?.Agent ?? agent.AgentKernel(),
            loaded.Detector ?? new LiveDetector(agent));
    }
}
