using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Phantom.Streams.Flow.Taps;

/// <summary>
/// What the operator's stages of one pipeline report: each shard's instance registers its single-writer state under
/// its stage name, and the admin API reads a summary over every shard. One board per <see cref="PipelineServices"/>
/// (found with <see cref="For"/>), so the stage registry stays a plain name-to-factory map and no service has to be
/// registered before the pipeline is built. A stage attached again replaces its shards' states, so its counts start over.
/// </summary>
public sealed class TapBoard
{
    private static readonly ConditionalWeakTable<PipelineServices, TapBoard> Boards = new();

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private ITapLog? _log;

    /// <summary>The board of the pipeline that owns <paramref name="services"/> (created on first use; thread-safe).</summary>
    public static TapBoard For(PipelineServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Boards.GetValue(services, static _ => new TapBoard());
    }

    /// <summary>Where <c>log-tap</c> writes; null (until the node sets it) counts lines as written nowhere.</summary>
    public ITapLog? Log
    {
        get => Volatile.Read(ref _log);
        set => Volatile.Write(ref _log, value);
    }

    /// <summary>Stage names that have registered state.</summary>
    public IReadOnlyCollection<string> Stages => [.. _entries.Keys];

    /// <summary>
    /// Registers one shard's state of <paramref name="stage"/>; <paramref name="summarize"/> folds every shard's state
    /// into the JSON-ready summary (called by readers, off the hot path).
    /// </summary>
    public void Register<T>(string stage, ShardContext shard, T state, Func<IReadOnlyList<T>, IReadOnlyDictionary<string, object?>> summarize)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(summarize);
        var entry = _entries.GetOrAdd(stage, _ => new Entry(shard.Partitions));
        entry.Summarize = shards => summarize(shards.Cast<T>().ToArray());
        Volatile.Write(ref entry.Shards[shard.Shard], state);
    }

    /// <summary>The summary of <paramref name="stage"/> over its shards, or null when it never ran here.</summary>
    public IReadOnlyDictionary<string, object?>? Summary(string stage)
    {
        if (!_entries.TryGetValue(stage, out var entry) || entry.Summarize is not { } summarize)
        {
            return null;
        }

        var shards = new List<object>(entry.Shards.Length);
        foreach (var i in Enumerable.Range(0, entry.Shards.Length))
        {
            if (Volatile.Read(ref entry.Shards[i]) is { } state)
            {
                shards.Add(state);
            }
        }

        return summarize(shards);
    }

    private sealed class Entry(int partitions)
    {
        public readonly object?[] Shards = new object?[partitions];
        public volatile Func<IReadOnlyList<object>, IReadOnlyDictionary<string, object?>>? Summarize;
    }
}
