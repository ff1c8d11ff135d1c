using System.Globalization;
using Phantom.Streams.Journal;

namespace Phantom.Cluster.Bench;

/// <summary>
/// When each journaled event was applied, read back from the journal: its <c>created</c> column is the commit time of
/// the group-commit transaction that made it durable (unix ms), which is also when its partition's offset moved past
/// it. The cluster bench derives throughput, handoff pauses and recovery times from it, so they cover every node
/// (the killed one included) on one clock.
/// </summary>
public sealed class ClusterJournalTimeline
{
    private readonly Dictionary<int, long[]> _byPartition;
    private readonly Dictionary<string, (int Partition, long[] Applied)> _bySession;

    private ClusterJournalTimeline(List<(string Session, long Sequence, int Partition, long Created)> events)
    {
        Events = events.Count;
        FirstApplied = events.Count == 0 ? 0 : events.Min(e => e.Created);
        LastApplied = events.Count == 0 ? 0 : events.Max(e => e.Created);
        _byPartition = events.GroupBy(e => e.Partition).ToDictionary(g => g.Key, g => g.Select(e => e.Created).Order().ToArray());
        _bySession = events.GroupBy(e => e.Session, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (g.First().Partition, g.OrderBy(e => e.Sequence).Select(e => e.Created).ToArray()),
            StringComparer.Ordinal);
    }

    /// <summary>Journaled events.</summary>
    public long Events { get; }

    /// <summary>Commit time of the first and last journaled event (unix ms).</summary>
    public long FirstApplied { get; }

    public long LastApplied { get; }

    /// <summary>Reads every event of <paramref name="journal"/>; the partition comes from its shard tag (<c>p{n}</c>).</summary>
    public static async Task<ClusterJournalTimeline> ReadAsync(IJournal journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var events = new List<(string, long, int, long)>();
        await foreach (var e in journal.CurrentAllEvents(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var tag = e.Tags.FirstOrDefault(t => t.Length > 1 && t[0] == 'p') ?? "p-1";
            events.Add((e.PersistenceId, e.SequenceNr, int.Parse(tag.AsSpan(1), CultureInfo.InvariantCulture), e.Created));
        }

        return new ClusterJournalTimeline(events);
    }

    /// <summary>A timeline of given events (session, sequence number, partition, commit time in unix ms).</summary>
    internal static ClusterJournalTimeline From(IEnumerable<(string Session, long Sequence, int Partition, long Created)> events) => new(events.ToList());

    /// <summary>The first commit time on <paramref name="partition"/> strictly after <paramref name="afterMs"/>; null if none.</summary>
    public long? FirstAppliedAfter(int partition, long afterMs)
    {
        if (!_byPartition.TryGetValue(partition, out var times))
        {
            return null;
        }

        var i = UpperBound(times, afterMs);
        return i < times.Length ? times[i] : null;
    }

    /// <summary>
    /// The handoff pause of <paramref name="partition"/> at a membership change at <paramref name="stepMs"/>: the longest
    /// interval with no event applied on the partition, among the intervals between consecutive applies from the last
    /// apply at or before the step up to <paramref name="windowMs"/> after it. Null when nothing was applied after the step.
    /// </summary>
    public long? PartitionPause(int partition, long stepMs, long windowMs)
    {
        if (!_byPartition.TryGetValue(partition, out var times))
        {
            return null;
        }

        var after = UpperBound(times, stepMs);
        if (after >= times.Length)
        {
            return null;
        }

        var from = Math.Max(0, after - 1);
        long longest = after == 0 ? times[0] - stepMs : 0;
        for (var i = from + 1; i < times.Length && times[i] <= stepMs + windowMs; i++)
        {
            longest = Math.Max(longest, times[i] - times[i - 1]);
        }

        return longest;
    }

    /// <summary>
    /// The stretch of every gap between consecutive events of one session: how much longer the session waited between
    /// applying event n and event n+1 than the producer waited between sending them,
    /// <c>(applied[n+1] - applied[n]) - (produced[n+1] - produced[n])</c>. Near zero in steady state; a handoff shows as
    /// the pause it imposed. A gap overlaps a step when it began before the step's end and ended after its start.
    /// Returned, per step: the handoff stretches (gaps overlapping the step of sessions whose partition it moved) and the
    /// bystander stretches (gaps overlapping it of sessions whose partition it left in place); and the quiet stretches
    /// (gaps overlapping no step), the run's baseline.
    /// </summary>
    /// <param name="steps">Each membership change: when it began and ended (unix ms), and the partitions whose owner it changed.</param>
    /// <param name="producedAt">Per session id, when each of its applied events was produced (unix ms), in order; sessions missing here are skipped.</param>
    public (List<long>[] Handoff, List<long>[] Bystander, List<long> Quiet) SessionStretches(
        IReadOnlyList<(long Start, long End, IReadOnlySet<int> Moved)> steps, IReadOnlyDictionary<string, long[]> producedAt)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(producedAt);
        var handoff = steps.Select(_ => new List<long>()).ToArray();
        var bystander = steps.Select(_ => new List<long>()).ToArray();
        var quiet = new List<long>();
        foreach (var (session, (partition, applied)) in _bySession)
        {
            if (!producedAt.TryGetValue(session, out var produced) || produced.Length != applied.Length)
            {
                continue;
            }

            for (var i = 1; i < applied.Length; i++)
            {
                var (from, to) = (applied[i - 1], applied[i]);
                var stretch = (to - from) - (produced[i] - produced[i - 1]);
                var step = 0;
                while (step < steps.Count && !(from < steps[step].End && to > steps[step].Start))
                {
                    step++;
                }

                if (step == steps.Count)
                {
                    quiet.Add(stretch);
                }
                else
                {
                    (steps[step].Moved.Contains(partition) ? handoff[step] : bystander[step]).Add(stretch);
                }
            }
        }

        return (handoff, bystander, quiet);
    }

    /// <summary>
    /// Every event's apply latency: its commit time minus when it was produced (<paramref name="producedAt"/>, per
    /// session in order), in ms. Sessions missing there are skipped.
    /// </summary>
    public List<long> ApplyLatencies(IReadOnlyDictionary<string, long[]> producedAt)
    {
        ArgumentNullException.ThrowIfNull(producedAt);
        var latencies = new List<long>();
        foreach (var (session, (_, applied)) in _bySession)
        {
            if (producedAt.TryGetValue(session, out var produced) && produced.Length == applied.Length)
            {
                for (var i = 0; i < applied.Length; i++)
                {
                    latencies.Add(applied[i] - produced[i]);
                }
            }
        }

        return latencies;
    }

    /// <summary>The <paramref name="q"/> quantile (nearest rank) of <paramref name="values"/>; 0 when empty.</summary>
    public static long Quantile(List<long> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        var rank = (int)Math.Ceiling(q * values.Count) - 1;
        return values[Math.Clamp(rank, 0, values.Count - 1)];
    }

    private static int UpperBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
