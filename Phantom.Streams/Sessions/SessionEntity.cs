using Phantom.Streams.Agents;
using Phantom.Streams.Events;

namespace Phantom.Streams.Sessions;

/// <summary>
/// The state of one session, event-sourced: <see cref="Apply"/> folds one event into incremental statistics (O(1) in
/// the session's length, no allocation in steady state beyond bounded growth of a few small arrays), from which every
/// feature of PHANTOM-MODEL.md section 3, f(τ) and the live detector are read without revisiting the trajectory.
/// Single writer: only its shard's thread mutates it. Live scoring and replay both use this one class
/// (<see cref="Snapshot"/>), which is what keeps training and serving consistent.
/// </summary>
public sealed class SessionEntity
{
    private SessionModel _model;
    private TransitionTally _kernel;
    private BoundedUniqueSet _pages;
    private ProductTally _products;

    // Gaps between consecutive events, ms: Welford running mean and sum of squared deviations, and the minimum.
    private double _gapMean;
    private double _gapM2;
    private long _minGapMs;
    private long _durationMs;

    // Clock-aligned velocity windows: the current window's index and events in it, and the most in any window.
    private long _velocityWindow;
    private int _windowEvents;
    private int _maxWindowEvents;

    private int _pageViews;
    private int _itemViews;
    private int _cartAdds;
    private int _purchases;
    private int _hoverEvents;
    private double _demand;

    private double _priceSum;
    private double _priceMin;
    private double _priceMax;
    private int _priceCount;

    private UserAgentFlags _userAgent;
    private byte _startHour;
    private bool _completed;

    /// <summary>Creates the entity of a session before its first event.</summary>
    public SessionEntity(ulong key, string sessionId, SessionModel model)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(model);
        Key = key;
        SessionId = sessionId;
        _model = model;
    }

    public ulong Key { get; }

    public string SessionId { get; }

    /// <summary>Ground truth from the first event that carries one.</summary>
    public GroundTruth Truth { get; private set; }

    /// <summary>Store mode of the first event.</summary>
    public StoreMode Mode { get; private set; }

    /// <summary>Events applied so far; the entity's journal sequence number.</summary>
    public long Sequence { get; private set; }

    /// <summary>Latest event time seen (Unix ms).</summary>
    public long LastEventMs { get; private set; }

    /// <summary>True once <see cref="Complete"/> appended <c>session_end</c>; no event may follow.</summary>
    public bool Completed => _completed;

    /// <summary>The model the entity computes with.</summary>
    public SessionModel Model => _model;

    /// <summary>f(τ) from the transition kernels.</summary>
    public double AgentProbability => _kernel.AgentProbability(_model.Temperature, _model.Prior);

    /// <summary>The combined live detector: f(τ) with timing, velocity and user-agent features.</summary>
    /// <remarks>
    /// The hand-set detector reads only the features it weighs (<see cref="Feature"/>) instead of a full snapshot;
    /// trained detectors take the whole vector.
    /// </remarks>
    public double DetectorScore => _model.Detector is LiveDetector live ? live.Score(this) : _model.Detector.Score(Snapshot());

    /// <summary>The session's demand q̂ (sum of ω over its events).</summary>
    public double Demand => _demand;

    /// <summary>Events per minute over the session's active duration (0 while the duration is 0).</summary>
    public double InteractionVelocity => _durationMs > 0 ? Sequence * 60_000.0 / _durationMs : 0.0;

    /// <summary>cart_adds / item_views (0 without item views).</summary>
    public double CartToViewRatio => _itemViews > 0 ? (double)_cartAdds / _itemViews : 0.0;

    /// <summary><c>view_item_page</c> and <c>learn_more_about_item</c> events.</summary>
    public int ItemViews => _itemViews;

    /// <summary>Most events on one product.</summary>
    public int ProductViewDepth => _products.MaxEvents;

    /// <summary>The shield's memory of the last price quoted to this session: product, price, event time.</summary>
    public int QuotedProduct = -1;

    public double QuotedPrice;

    public long QuotedAtMs;

    /// <summary>The session's own q̂ for one product (Σ ω of its events on it; 0 for products beyond the tracked ones).</summary>
    public double ProductDemand(int product) => _products.Demand(product);

    /// <summary>Folds one event into the session. O(1); allocation-free once the small arrays have grown.</summary>
    /// <exception cref="InvalidOperationException">The session was completed.</exception>
    public void Apply(in InteractionEvent e)
    {
        if (_completed)
        {
            throw new InvalidOperationException($"session {SessionId} is complete; it takes no more events");
        }

        var model = _model;
        var ts = e.TimestampMs;
        var window = FloorDiv(ts, model.VelocityWindowMs);
        if (Sequence == 0)
        {
            LastEventMs = ts;
            Mode = e.Mode;
            _startHour = (byte)(((FloorDiv(ts, 3_600_000) % 24) + 24) % 24);
            _velocityWindow = window;
            _minGapMs = long.MaxValue;
        }
        else
        {
            // An event older than the latest (out of order) counts as simultaneous with it rather than negative.
            var gap = Math.Max(0, ts - LastEventMs);
            if (gap <= model.TimeoutMs)
            {
                _durationMs += gap;
            }

            var delta = gap - _gapMean;
            _gapMean += delta / Sequence;
            _gapM2 += delta * (gap - _gapMean);
            _minGapMs = Math.Min(_minGapMs, gap);
            LastEventMs = Math.Max(LastEventMs, ts);
            if (window > _velocityWindow)
            {
                _velocityWindow = window;
                _windowEvents = 0;
            }
        }

        Sequence++;
        _maxWindowEvents = Math.Max(_maxWindowEvents, ++_windowEvents);
        if (Truth == GroundTruth.Unknown)
        {
            Truth = e.Truth;
        }

        switch (e.Name)
        {
            case EventName.PageView:
                _pageViews++;
                break;
            case EventName.ViewItemPage or EventName.LearnMoreAboutItem:
                _itemViews++;
                break;
            case EventName.AddItemToCart:
                _cartAdds++;
                break;
            case EventName.PurchaseComplete:
                _purchases++;
                break;
            case EventName.HoverOverTitle or EventName.HoverOverParagraph or EventName.HoverOverLink or EventName.HoverOverButton:
                _hoverEvents++;
                break;
        }

        _pages.Add((int)(e.PageHash ^ (e.PageHash >> 32)), model.MaxTrackedUniques);
        var weight = model.DemandWeight(e.Name);
        _demand += weight;
        if (e.ProductIndex >= 0)
        {
            _products.Add(e.ProductIndex, weight, model.MaxTrackedUniques);
            var price = double.IsFinite(e.BasePrice) ? e.BasePrice : e.Price;
            if (double.IsFinite(price))
            {
                _priceMin = _priceCount == 0 ? price : Math.Min(_priceMin, price);
                _priceMax = _priceCount == 0 ? price : Math.Max(_priceMax, price);
                _priceSum += price;
                _priceCount++;
            }
        }

        if ((_userAgent & UserAgentFlags.Present) == 0 && (e.UserAgent & UserAgentFlags.Present) != 0)
        {
            _userAgent = e.UserAgent;
        }

        _kernel.Append(e.Name, model.Human, model.Agent);
    }

    /// <summary>
    /// Ends the trajectory: appends the <c>session_end</c> transition (once; later calls do nothing). Called when the
    /// entity passivates or the stream drains.
    /// </summary>
    public void Complete()
    {
        if (!_completed)
        {
            _kernel.End(_model.Human, _model.Agent);
            _completed = true;
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
            _kernel.Rebind(model.Human, model.Agent);
        }
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
        var gaps = Sequence - 1;
        return index switch
        {
            0 => _durationMs / 1000.0,
            1 => (double)Sequence,
            2 => gaps >= 1 ? _gapMean / 1000.0 : 0.0,
            3 => gaps >= 2 ? Math.Sqrt(Math.Max(0, _gapM2) / (gaps - 1)) / 1000.0 : 0.0,
            4 => gaps >= 1 ? _minGapMs / 1000.0 : 0.0,
            5 => _startHour,
            6 => InteractionVelocity,
            7 => _maxWindowEvents,
            8 => _pages.Count,
            9 => _pageViews,
            10 => _itemViews,
            11 => _cartAdds,
            12 => _purchases,
            13 => _hoverEvents,
            14 => CartToViewRatio,
            15 => _itemViews > 0 ? (double)_purchases / _itemViews : 0.0,
            16 => Sequence > 0 ? _hoverEvents / (double)Sequence : 0.0,
            17 => _products.Distinct,
            18 => _products.MaxEvents,
            19 => _priceCount > 0 ? _priceSum / _priceCount : 0.0,
            20 => _priceCount > 0 ? _priceMin : 0.0,
            21 => _priceCount > 0 ? _priceMax : 0.0,
            22 => _priceCount > 0 ? _priceMax - _priceMin : 0.0,
            23 => (_userAgent & UserAgentFlags.Headless) != 0 ? 1.0 : 0.0,
            24 => (_userAgent & UserAgentFlags.Automation) != 0 ? 1.0 : 0.0,
            25 => (int)(_userAgent & UserAgentFlags.FamilyMask) >> 4,
            26 => _kernel.DivergenceHuman,
            27 => _kernel.DivergenceAgent,
            28 => AgentProbability,
            29 => _kernel.Entropy,
            _ => throw new ArgumentOutOfRangeException(nameof(index), index, $"a session feature position is in [0, {SessionFeatures.Count})"),
        };
    }

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : ((value + 1) / divisor) - 1;
}
