using Microsoft.AspNetCore.Http;
using Phantom.Streams.Flow;

namespace Phantom.Cluster.Admin;

/// <summary>
/// Attaches and detaches named stages on the node's running pipeline (<see cref="PartitionedPipeline.Attach"/> /
/// <see cref="PartitionedPipeline.Detach"/>: each shard adopts the change at its next batch boundary, so no event of a
/// session is lost or reordered). The configured graph is what the node needs and cannot be detached; every change
/// raises <see cref="StageChanged"/>, which the membership log records.
/// </summary>
public sealed class StageControl
{
    private readonly PartitionedPipeline _pipeline;
    private readonly HashSet<string> _required;
    private readonly IReadOnlyList<string> _known;
    private readonly Lock _gate = new();

    /// <param name="known">Every name the pipeline's registry resolves (what <see cref="Available"/> offers).</param>
    public StageControl(PartitionedPipeline pipeline, IEnumerable<string> known)
    {
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _required = new HashSet<string>(pipeline.Graph, StringComparer.Ordinal);
        _known = [.. known];
    }

    /// <summary>Raised after every successful attach or detach (on the caller's thread).</summary>
    public event Action<StageChange>? StageChanged;

    /// <summary>The graph in order.</summary>
    public IReadOnlyList<string> Graph => _pipeline.Graph;

    /// <summary>Stages of the configured graph: detaching one is refused (409).</summary>
    public bool IsRequired(string name) => _required.Contains(name);

    /// <summary>Registered stages not in the graph now: what an operator can attach.</summary>
    public IReadOnlyList<string> Available
    {
        get
        {
            var graph = _pipeline.Graph;
            return _known.Where(n => !graph.Contains(n)).Order(StringComparer.Ordinal).ToArray();
        }
    }

    /// <exception cref="AdminException">404 unknown stage, 409 already attached or pipeline not running, 422 bad <paramref name="after"/>.</exception>
    public StageChange Attach(string name, string? after)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new AdminException(StatusCodes.Status422UnprocessableEntity, "body: \"name\" is required");
        }

        lock (_gate)
        {
            EnsureRunning();
            if (_pipeline.Graph.Contains(name))
            {
                throw new AdminException(StatusCodes.Status409Conflict, $"stage '{name}' is already in the graph");
            }

            if (after is not null && !_pipeline.Graph.Contains(after))
            {
                throw new AdminException(StatusCodes.Status422UnprocessableEntity, $"after: stage '{after}' is not in the graph ({string.Join(", ", _pipeline.Graph)})");
            }

            try
            {
                _pipeline.Attach(name, after);
            }
            catch (UnknownStageException)
            {
                throw new AdminException(StatusCodes.Status404NotFound, $"unknown stage '{name}'; attachable: {string.Join(", ", Available)}");
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException)
            {
                throw new AdminException(StatusCodes.Status422UnprocessableEntity, $"stage '{name}' could not be created: {error.Message}");
            }

            return Raise(new StageChange(StageChange.Attached, name, after, _pipeline.Graph, DateTime.UtcNow));
        }
    }

    /// <exception cref="AdminException">404 not attached, 409 a stage the graph needs or pipeline not running.</exception>
    public StageChange Detach(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new AdminException(StatusCodes.Status422UnprocessableEntity, "body: \"name\" is required");
        }

        lock (_gate)
        {
            EnsureRunning();
            if (!_pipeline.Graph.Contains(name))
            {
                throw new AdminException(StatusCodes.Status404NotFound, $"stage '{name}' is not attached (graph: {string.Join(", ", _pipeline.Graph)})");
            }

            if (_required.Contains(name))
            {
                throw new AdminException(StatusCodes.Status409Conflict, $"stage '{name}' is part of the configured graph (phantom.pipeline.stages); the node needs it");
            }

            _pipeline.Detach(name);
            return Raise(new StageChange(StageChange.Detached, name, null, _pipeline.Graph, DateTime.UtcNow));
        }
    }

    private void EnsureRunning()
    {
        if (_pipeline.State is not (PipelineState.Running or PipelineState.Created))
        {
            throw new AdminException(StatusCodes.Status409Conflict, $"the pipeline is {_pipeline.State.ToString().ToLowerInvariant()}: its graph no longer changes");
        }
    }

    private StageChange Raise(StageChange change)
    {
        StageChanged?.Invoke(change);
        return change;
    }
}
