using Phantom.Streams.Events;

namespace Phantom.Streams.Flow.Taps;

/// <summary>
/// The <c>sample</c> stage: keeps every n-th event of its shard (<c>phantom.admin.sample-every</c>) for inspection:
/// counts them by event name and keeps the newest records (<c>phantom.admin.sample-keep</c>) in a ring. It never stops
/// or changes an event; attached anywhere after <c>parse</c> it sees the parsed name. O(1), no allocation, no lock.
/// </summary>
public sealed class SamplingStage : IFlowStage
{
    public const string StageName = "sample";

    private readonly int _every;
    private readonly int _shard;
    private int _countdown;

    public SamplingStage(int shard, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SampleEvery, 1, "phantom.admin.sample-every");
        _every = options.SampleEvery;
        _countdown = _every;
        _shard = shard;
        Recent = new TapRing<SampledRecord>(options.SampleKeep);
    }

    public string Name => StageName;

    /// <summary>Events that went past.</summary>
    public long Seen;

    /// <summary>Events kept.</summary>
    public long Sampled;

    /// <summary>Kept events per <see cref="EventName"/> (index = the enum value).</summary>
    public readonly long[] ByName = new long[EventNames.StateCount];

    /// <summary>The newest kept records.</summary>
    public TapRing<SampledRecord> Recent { get; }

    public int Every => _every;

    public static IFlowStage Create(ShardContext shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var stage = new SamplingStage(shard.Shard, shard.Services.Options.Admin);
        TapBoard.For(shard.Services).Register(StageName, shard, stage, Summarize);
        return stage;
    }

    public void Process(ref EventContext context)
    {
        Volatile.Write(ref Seen, Seen + 1);
        if (--_countdown != 0)
        {
            return;
        }

        _countdown = _every;
        var name = context.Event.Name;
        if ((uint)name < (uint)ByName.Length)
        {
            Volatile.Write(ref ByName[(int)name], ByName[(int)name] + 1);
        }

        var record = new SampledRecord
        {
            Length = context.Record.Length,
            Kept = Math.Min(context.Record.Length, SampledRecordBytes.Size),
            SourceOffset = context.SourceOffset,
            Shard = _shard,
            Name = name,
        };
        context.Record[..record.Kept].CopyTo(record.Bytes);
        Recent.Write(in record);
        Volatile.Write(ref Sampled, Sampled + 1);
    }

    /// <summary>The summary over every shard: counts, counts by event name, the newest records (at most 10).</summary>
    public static IReadOnlyDictionary<string, object?> Summarize(IReadOnlyList<SamplingStage> shards)
    {
        var byName = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            for (var i = 0; i < shard.ByName.Length; i++)
            {
                var n = Volatile.Read(ref shard.ByName[i]);
                if (n > 0)
                {
                    var key = ((EventName)i).ToWire();
                    byName[key] = byName.GetValueOrDefault(key) + n;
                }
            }
        }

        return new Dictionary<string, object?>
        {
            ["every"] = shards.Count > 0 ? shards[0].Every : 0,
            ["seen"] = shards.Sum(s => Volatile.Read(ref s.Seen)),
            ["sampled"] = shards.Sum(s => Volatile.Read(ref s.Sampled)),
            ["by_event"] = byName,
            ["recent"] = shards.SelectMany(s => s.Recent.Snapshot()).OrderByDescending(r => r.SourceOffset).Take(10)
                .Select(r => new Dictionary<string, object?> { ["shard"] = r.Shard, ["offset"] = r.SourceOffset, ["event"] = r.Name.ToWire(), ["record"] = r.Text() })
                .ToArray(),
        };
    }
}
