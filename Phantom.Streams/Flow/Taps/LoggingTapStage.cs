using System.Diagnostics;
using System.Globalization;
using System.Text;
using Phantom.Streams.Events;

namespace Phantom.Streams.Flow.Taps;

/// <summary>
/// The <c>log-tap</c> stage: writes events it sees to the node log (<see cref="TapBoard.Log"/>), at most
/// <c>phantom.admin.log-tap-per-second</c> lines per second on each shard (a token bucket); the rest are counted as
/// suppressed. Only a written line allocates (its text), so the cost per event is a clock read and a comparison.
/// Attached after <c>shield</c> it shows the price served; earlier, what is known by then.
/// </summary>
public sealed class LoggingTapStage : IFlowStage
{
    public const string StageName = "log-tap";
    public const string Category = "tap";

    private static readonly double TicksPerSecond = Stopwatch.Frequency;

    private readonly TapBoard _board;
    private readonly int _shard;
    private readonly double _perSecond;
    private double _tokens;
    private long _refilledAt;

    public LoggingTapStage(int shard, TapBoard board, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.LogTapPerSecond > 0) || !double.IsFinite(options.LogTapPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LogTapPerSecond, "phantom.admin.log-tap-per-second must be a positive number");
        }

        _board = board ?? throw new ArgumentNullException(nameof(board));
        _shard = shard;
        _perSecond = options.LogTapPerSecond;
        _tokens = Math.Max(1, _perSecond); // a first line straight away, so an operator sees the tap work
        _refilledAt = Stopwatch.GetTimestamp();
    }

    public string Name => StageName;

    public long Seen;

    public long Logged;

    public long Suppressed;

    public double PerSecond => _perSecond;

    public static IFlowStage Create(ShardContext shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var board = TapBoard.For(shard.Services);
        var stage = new LoggingTapStage(shard.Shard, board, shard.Services.Options.Admin);
        board.Register(StageName, shard, stage, Summarize);
        return stage;
    }

    public void Process(ref EventContext context)
    {
        Volatile.Write(ref Seen, Seen + 1);
        var now = Stopwatch.GetTimestamp();
        _tokens = Math.Min(Math.Max(1, _perSecond), _tokens + ((now - _refilledAt) / TicksPerSecond * _perSecond));
        _refilledAt = now;
        if (_tokens < 1)
        {
            Volatile.Write(ref Suppressed, Suppressed + 1);
            return;
        }

        _tokens -= 1;
        Volatile.Write(ref Logged, Logged + 1);
        _board.Log?.Write(Category, Describe(ref context, _shard));
    }

    /// <summary>One readable line about the event in hand (allocates: called at the tap's rate only).</summary>
    public static string Describe(ref EventContext context, int shard)
    {
        var line = new StringBuilder(160);
        var invariant = CultureInfo.InvariantCulture;
        line.Append(invariant, $"shard {shard} offset {context.SourceOffset}");
        ReadOnlySpan<byte> record = context.Record;
        if (!context.Event.SessionId.IsEmpty && context.Event.SessionId.Offset + context.Event.SessionId.Length <= record.Length)
        {
            line.Append(" session ").Append(Encoding.UTF8.GetString(context.Event.SessionId.In(record)));
            line.Append(' ').Append(context.Event.Name.ToWire());
            if (!context.Event.ProductId.IsEmpty && context.Event.ProductId.Offset + context.Event.ProductId.Length <= record.Length)
            {
                line.Append(" product ").Append(Encoding.UTF8.GetString(context.Event.ProductId.In(record)));
            }
        }
        else
        {
            line.Append(" (not parsed yet) ").Append(record.Length).Append(" bytes");
        }

        if (context.Session is { } session)
        {
            line.Append(invariant, $" seq {session.Sequence} p_agent {session.DetectorScore:0.000}");
        }

        if (context.Price.HasPrice)
        {
            line.Append(invariant, $" price {context.Price.Price:0.00} (base {context.Price.BasePrice:0.00}{(context.Price.ShieldFallback ? ", shield fallback" : "")})");
        }

        if (context.Rejection != RejectReason.None)
        {
            line.Append(" rejected ").Append(context.Rejection.ToString());
        }

        return line.ToString();
    }

    public static IReadOnlyDictionary<string, object?> Summarize(IReadOnlyList<LoggingTapStage> shards) => new Dictionary<string, object?>
    {
        ["per_second_per_shard"] = shards.Count > 0 ? shards[0].PerSecond : 0,
        ["seen"] = shards.Sum(s => Volatile.Read(ref s.Seen)),
        ["logged"] = shards.Sum(s => Volatile.Read(ref s.Logged)),
        ["suppressed"] = shards.Sum(s => Volatile.Read(ref s.Suppressed)),
    };
}
