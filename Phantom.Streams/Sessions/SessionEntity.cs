using Phantom.Streams.Agents;
using Phantom.Streams.Events;

namespace Phantom.Streams.Sessions;

/// <summary>
/// The state of one session, event-sourced: <see cref="Apply"/> folds one event into incremental statistics (O(1) in
/// the session's length, no allocation in steady state beyond bounded growth of a few small arrays), from which every
/// feature of PHANTOM-MODEL.md section 3, f(τ) and the live detector are read without revisiting the trajectory.
/// Single writer: only its shard's thread mutates it. Live scoring and replay both use this one class
/// (<see cref="Snapshot"/>), which is what keeps training and serving consistent.
/// <para>
/// Storage: the numbers live in a <see cref="SessionState"/>. An entity created by a <see cref="SessionTable"/> keeps it
/// in the table's <see cref="SessionStateSlab"/> (no large object per session for the GC to copy) until it passivates
/// or is dropped. Then it either takes a private copy and frees the slot (<see cref="LeaveSlab"/>: an entity handed to an
/// observer keeps its final state however long it is held), or, when nobody will read it again, frees the slot and
/// keeps nothing (<see cref="ReleaseSlab"/>: no copy, nothing for the GC). A standalone entity (replay, tests) has its
/// own copy from the start.
/// </para>
/// </summary>
public sealed class SessionEntity
{
    // Where a released entity points: an empty state marked complete, so it reads as an empty session and refuses events.
    private static readonly SessionState[] Released = [new SessionState { Completed = true }];

    private SessionModel _model;
    private SessionState[] _store;
    private int _index;

    /// <summary>Creates the entity of a session before its first event.</summary>
    public SessionEntity(ulong key, string sessionId, SessionModel model)
        : this(key, sessionId, model, slab: null)
    {
    }

    /// <summary>Creates an entity whose state lives in <paramref name="slab"/> (null: its own) until <see cref="LeaveSlab"/>.</summary>
    /// <remarks>The entity does not keep the slab (8 bytes fewer per session): the table hands it back on leaving.</remarks>
    internal SessionEntity(ulong key, string sessionId, SessionModel model, SessionStateSlab? slab)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(model);
        Key = key;
        SessionId = sessionId;
        _model = model;
        if (slab is null)
        {
            _store = new SessionState[1];
        }
        else
        {
            (_store, _index) = slab.Rent();
        }
    }

    public ulong Key { get; }

    public string SessionId { get; }

    /// <summary>Ground truth from the first event that carries one.</summary>
    public GroundTruth Truth => State.Truth;

    /// <summary>Store mode of the first event.</summary>
    public StoreMode Mode => State.Mode;

    /// <summary>Events applied so far; the entity's journal sequence number.</summary>
    public long Sequence => State.Sequence;

    /// <summary>Latest event time seen (Unix ms).</summary>
    public long LastEventMs => State.LastEventMs;

    /// <summary>True once <see cref="Complete"/> appended <c>session_end</c>; no event may follow.</summary>
    public bool Completed => State.Completed;

    /// <summary>The model the entity computes with.</summary>
    public SessionModel Model => _model;

    /// <summary>f(τ) from the transition kernels.</summary>
    public double AgentProbability => State.Kernel.AgentProbability(_model.Temperature, _model.Prior);

    /// <summary>The combined live detector: f(τ) with timing, velocity and user-agent features.</summary>
    /// <remarks>
    /// The hand-set detector reads only the features it weighs (<see cref="Feature"/>) instead of a full snapshot;
    /// trained detectors take the whole vector.
    /// </remarks>
    public double DetectorScore => _model.Detector is LiveDetector live ? live.Score(this) : _model.Detector.Score(Snapshot());

    /// <summary>The session's demand q̂ (sum of ω over its events).</summary>
    public double Demand => State.Demand;

    /// <summary>Events per minute over the session's active duration (0 while the duration is 0).</summary>
    public double InteractionVelocity
    {
        get
        {
            ref readonly var s = ref State;
            return s.DurationMs > 0 ? s.Sequence * 60_000.0 / s.DurationMs : 0.0;
        }
    }

    /// <summary>cart_adds / item_views (0 without item views).</summary>
    public double CartToViewRatio
    {
        get
        {
            ref readonly var s = ref State;
            return s.ItemViews > 0 ? (double)s.CartAdds / s.ItemViews : 0.0;
        }
    }

    /// <summary><c>view_item_page</c> and <c>learn_more_about_item</c> events.</summary>
    public int ItemViews => State.ItemViews;

    /// <summary>Most events on one product.</summary>
    public int ProductViewDepth => State.Products.MaxEvents;

    /// <summary>The shield's memory of the last price quoted to this session: product, price, event time.</summary>
    public int QuotedProduct = -1;

    public double QuotedPrice;

    public long QuotedAtMs;

    /// <summary>True while the state lives in a table's slab (the entity is live in a <see cref="SessionTable"/>).</summary>
    internal bool InSlab => _store.Length > 1; // an entity's own copy is a one-element array; slab chunks hold 64 or more

    /// <summary>The state in place (the snapshot serializer reads and restores it).</summary>
    internal ref SessionState State => ref _store[_index];

    /// <summary>Starts loading the state's cache lines that every event touches (a hint for the table's look-ahead).</summary>
    internal unsafe void PrefetchState()
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            var start = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref State);
            for (var offset = 0; offset < System.Runtime.CompilerServices.Unsafe.SizeOf<SessionState>(); offset += 64)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(start + offset);
            }
        }
    }

    /// <summary>The session's own q̂ for one product (Σ ω of its events on it; 0 for products beyond the tracked ones).</summary>
    public double ProductDemand(int product) => State.Products.Demand(product);

    /// <summary>Folds one event into the session. O(1); allocation-free once the small arrays have grown.</summary>
    /// <exception cref="InvalidOperationException">The session was completed.</exception>
    public void Apply(in InteractionEvent e)
    {
        ref var s = ref State;
        if (s.Completed)
        {
            throw new InvalidOperationException($"session {SessionId} is complete; it takes no more events");
        }

        var model = _model;
        var ts = e.TimestampMs;
        var window = FloorDiv(ts, model.VelocityWindowMs);
        if (s.Sequence == 0)
        {
            s.LastEventMs = ts;
            s.Mode = e.Mode;
            s.StartHour = (byte)(((FloorDiv(ts, 3_600_000) % 24) + 24) % 24);
            s.VelocityWindow = window;
            s.MinGapMs = long.MaxValue;
        }
        else
        {
            // An event older than the latest (out of order) counts as simultaneous with it rather than negative.
            var gap = Math.Max(0, ts - s.LastEventMs);
            if (gap <= model.TimeoutMs)
            {
                s.DurationMs += gap;
            }

            var delta = gap - s.GapMean;
            s.GapMean += delta / s.Sequence;
            s.GapM2 += delta * (gap - s.GapMean);
            s.MinGapMs = Math.Min(s.MinGapMs, gap);
            s.LastEventMs = Math.Max(s.LastEventMs, ts);
            if (window > s.VelocityWindow)
            {
                s.VelocityWindow = window;
                s.WindowEvents = 0;
            }
        }

        s.Sequence++;
        s.MaxWindowEvents = Math.Max(s.MaxWindowEvents, ++s.WindowEvents);
        if (s.Truth == GroundTruth.Unknown)
        {
            s.Truth = e.Truth;
        }

        switch (e.Name)
        {
            case EventName.PageView:
                s.PageViews++;
                break;
            case EventName.ViewItemPage or EventName.LearnMoreAboutItem:
                s.ItemViews++;
                break;
            case EventName.AddItemToCart:
                s.CartAdds++;
                break;
            case EventName.PurchaseComplete:
                s.Purchases++;
                break;
            case EventName.HoverOverTitle or EventName.HoverOverParagraph or EventName.HoverOverLink or EventName.HoverOverButton:
                s.HoverEvents++;
                break;
        }

        s.Pages.Add((int)(e.PageHash ^ (e.PageHash >> 32)), model.MaxTrackedUniques);
        var weight = model.DemandWeight(e.Name);
        s.Demand += weight;
        if (e.ProductIndex >= 0)
        {
            s.Products.Add(e.ProductIndex, weight, model.MaxTrackedUniques);
            var price = double.IsFinite(e.BasePrice) ? e.BasePrice : e.Price;
            if (double.IsFinite(price))
            {
                s.PriceMin = s.PriceCount == 0 ? price : Math.Min(s.PriceMin, price);
                s.PriceMax = s.PriceCount == 0 ? price : Math.Max(s.PriceMax, price);
                s.PriceSum += price;
                s.PriceCount++;
            }
        }

        if ((s.UserAgent & UserAgentFlags.Present) == 0 && (e.UserAgent & UserAgentFlags.Present) != 0)
        {
            s.UserAgent = e.UserAgent;
        }

        s.Kernel.Append(e.Name, model.Human, model.Agent);
    }

    /// <summary>
    /// Ends the trajectory: appends the <c>session_end</c> transition (once; later calls do nothing). Called when the
    /// entity passivates or the stream drains.
    /// </summary>
    public void Complete()
    {
        ref var s = ref State;
        if (!s.Completed)
        {
            s.Kernel.End(_model.Human, _model.Agent);
            s.Completed = true;
        }
    }

    /// <summary>
    /// Switches to another model (a reload): later events use its weights and kernels, and the divergences are
    /// recomputed against its kernels from the transition counts (O(visited pairs), once).
    /// </summary>
    public void Rebind(SessionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!ReferenceEquals(model, _model))
        {
            _model = model;
            State.Kernel.Rebind(model.Human, model.Agent);
        }
    }

    /// <summary>
    /// Moves the state out of the table's slab into a private copy and frees the slot, when the table lets the entity
    /// go (passivation, a reset): whoever still holds the entity keeps reading its own, final state. Shard thread only.
    /// </summary>
    internal void LeaveSlab(SessionStateSlab slab)
    {
        if (!InSlab)
        {
            return;
        }

        var own = new SessionState[1];
        own[0] = State;
        var (chunk, index) = (_store, _index);
        _store = own;
        _index = 0;
        slab.Return(chunk, index);
    }

    /// <summary>
    /// Frees the slot without keeping the state, for an entity that leaves the table with nobody left to read it (no
    /// observer): no copy, no allocation. From then on it reads as an empty, completed session. Shard thread only.
    /// </summary>
    internal void ReleaseSlab(SessionStateSlab slab)
    {
        if (!InSlab)
        {
            return;
        }

        var (chunk, index) = (_store, _index);
        _store = Released;
        _index = 0;
        slab.Return(chunk, index);
    }

    /// <summary>Every section-3 feature as of now.</summary>
    public SessionFeatures Snapshot() => new()
    {
        SessionDurationSec = Feature(0),
        TotalInteractions = Feature(1),
        AvgTimeBetweenEvents = Feature(2),
        StdTimeBetweenEvents = Feature(3),
        MinTimeBetweenEvents = Feature(4),
        SessionStartHour = Feature(5),
        InteractionVelocity = Feature(6),
        MaxVelocity5Min = Feature(7),
        UniquePages = Feature(8),
        PageViews = Feature(9),
        ItemViews = Feature(10),
        CartAdds = Feature(11),
        Purchases = Feature(12),
        HoverEvents = Feature(13),
        CartToViewRatio = Feature(14),
        ConversionRate = Feature(15),
        HoverIntensity = Feature(16),
        UniqueProductsViewed = Feature(17),
        ProductViewDepth = Feature(18),
        AvgPriceSeen = Feature(19),
        MinPriceSeen = Feature(20),
        MaxPriceSeen = Feature(21),
        PriceRange = Feature(22),
        IsHeadless = Feature(23),
        IsAutomation = Feature(24),
        BrowserFamily = Feature(25),
        DeltaH = Feature(26),
        DeltaA = Feature(27),
        AgentProbability = Feature(28),
        TransitionEntropy = Feature(29),
    };

    /// <summary>
    /// One feature as of now, by its position in <see cref="SessionFeatures.FeatureNames"/>: the single definition of
    /// every feature. <see cref="Snapshot"/> is built from it, and the hand-set <see cref="LiveDetector"/> reads only
    /// the few it weighs through it on the hot path, so both see bit-identical values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a feature position.</exception>
    public double Feature(int index)
    {
        ref readonly var s = ref State;
        var gaps = s.Sequence - 1;
        return index switch
        {
            0 => s.DurationMs / 1000.0,
            1 => (double)s.Sequence,
            2 => gaps >= 1 ? s.GapMean / 1000.0 : 0.0,
            3 => gaps >= 2 ? Math.Sqrt(Math.Max(0, s.GapM2) / (gaps - 1)) / 1000.0 : 0.0,
            4 => gaps >= 1 ? s.MinGapMs / 1000.0 : 0.0,
            5 => s.StartHour,
            6 => InteractionVelocity,
            7 => s.MaxWindowEvents,
            8 => s.Pages.Count,
            9 => s.PageViews,
            10 => s.ItemViews,
            11 => s.CartAdds,
            12 => s.Purchases,
            13 => s.HoverEvents,
            14 => CartToViewRatio,
            15 => s.ItemViews > 0 ? (double)s.Purchases / s.ItemViews : 0.0,
            16 => s.Sequence > 0 ? s.HoverEvents / (double)s.Sequence : 0.0,
            17 => s.Products.Distinct,
            18 => s.Products.MaxEvents,
            19 => s.PriceCount > 0 ? s.PriceSum / s.PriceCount : 0.0,
            20 => s.PriceCount > 0 ? s.PriceMin : 0.0,
            21 => s.PriceCount > 0 ? s.PriceMax : 0.0,
            22 => s.PriceCount > 0 ? s.PriceMax - s.PriceMin : 0.0,
            23 => (s.UserAgent & UserAgentFlags.Headless) != 0 ? 1.0 : 0.0,
            24 => (s.UserAgent & UserAgentFlags.Automation) != 0 ? 1.0 : 0.0,
            25 => (int)(s.UserAgent & UserAgentFlags.FamilyMask) >> 4,
            26 => s.Kernel.DivergenceHuman,
            27 => s.Kernel.DivergenceAgent,
            28 => AgentProbability,
            29 => s.Kernel.Entropy,
            _ => throw new ArgumentOutOfRangeException(nameof(index), index, $"a session feature position is in [0, {SessionFeatures.Count})"),
        };
    }

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : ((value + 1) / divisor) - 1;
}
