using Phantom.Streams.Catalog;

namespace Phantom.Streams.Pricing;

/// <summary>
/// Every product's global price, recomputed by the global price step from the product demand vector through the
/// active policy and the shield's bounds. Shards read prices lock-free: each step fills and publishes the other of two
/// price (and q̃) arrays, and readers take whichever array is current; the step's records are a new array (one
/// allocation per step, never per event).
/// <para>
/// Steps run on event time: shards report the newest event time they processed (<see cref="ReportEventTime"/>, once
/// per batch) and <see cref="StepIfDue"/> steps when that clock has moved <see cref="PricingOptions.GlobalStepInterval"/>
/// past the last step, so a replay faster than real time prices the same way a live stream does. At most one step
/// runs at a time; a caller that finds one running returns at once instead of waiting.
/// </para>
/// </summary>
public sealed class GlobalPriceBoard
{
    private readonly ProductCatalog _catalog;
    private readonly IProductDemandSource _demand;
    private readonly IPriceStore? _store;
    private readonly PriceShield _shield;
    private readonly long _intervalMs;
    private double[] _prices;
    private double[] _demandScores;

    // The previous step's arrays, refilled by the next step (two sets in turn, no allocation per step). A reader still
    // holding one only ever reads single doubles (atomic on 64-bit), so it sees the old or the newer value, never a tear.
    private double[] _sparePrices;
    private double[] _spareScores;
    private double _meanDemand;
    private GlobalPriceRecord[] _records = [];
    private long _eventClockMs = long.MinValue;
    private long _nextDueMs = long.MinValue;
    private long _lastStepMs = long.MinValue;
    private long _version;
    private long _fallbacks;
    private int _stepping;

    /// <param name="store">Receives <see cref="Latest"/> after every step (the <c>prices:latest</c> record); optional.</param>
    public GlobalPriceBoard(ProductCatalog catalog, IProductDemandSource demand, IPricingPolicy policy, PricingOptions options, IPriceStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _demand = demand ?? throw new ArgumentNullException(nameof(demand));
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _store = store;
        _shield = new PriceShield(options.Shield);
        _intervalMs = Math.Max(0, (long)options.GlobalStepInterval.TotalMilliseconds);
        _prices = new double[catalog.Capacity];
        _demandScores = new double[catalog.Capacity];
        _sparePrices = new double[catalog.Capacity];
        _spareScores = new double[catalog.Capacity];
    }

    public IPricingPolicy Policy { get; }

    /// <summary>Steps completed so far.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Event time of the last step; <see cref="long.MinValue"/> before the first.</summary>
    public long LastStepMs => Volatile.Read(ref _lastStepMs);

    /// <summary>The newest event time any shard reported.</summary>
    public long EventClockMs => Volatile.Read(ref _eventClockMs);

    /// <summary>Global prices the shield replaced by the base price, over all steps.</summary>
    public long ShieldFallbacks => Volatile.Read(ref _fallbacks);

    /// <summary>
    /// The product's current global price, lock-free; its base price before the first step that saw it (or for an
    /// index outside the catalog's capacity, NaN: the caller has no product to price).
    /// </summary>
    public double Price(int product)
    {
        var prices = Volatile.Read(ref _prices);
        if ((uint)product >= (uint)prices.Length)
        {
            return double.NaN;
        }

        var price = prices[product];
        return price > 0 ? price : _catalog[product].BasePrice;
    }

    /// <summary>The product's q̃ as of the last step (0 before it, or outside the catalog); lock-free.</summary>
    public double DemandScore(int product)
    {
        var scores = Volatile.Read(ref _demandScores);
        return (uint)product < (uint)scores.Length ? scores[product] : 0;
    }

    /// <summary>Mean q̃ (q̄) as of the last step.</summary>
    public double MeanDemandScore => Volatile.Read(ref _meanDemand);

    /// <summary>The <c>prices:latest</c> records of the last step (empty before the first).</summary>
    public IReadOnlyList<GlobalPriceRecord> Latest() => Volatile.Read(ref _records);

    /// <summary>Advances the event clock to <paramref name="eventTimeMs"/> if newer; call once per batch, not per event.</summary>
    public void ReportEventTime(long eventTimeMs)
    {
        var current = Volatile.Read(ref _eventClockMs);
        while (eventTimeMs > current)
        {
            var seen = Interlocked.CompareExchange(ref _eventClockMs, eventTimeMs, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>
    /// Whether shards step the board themselves (<see cref="StepIfDue"/>) as their event clock passes the interval.
    /// A source that steps it at fixed points of its input behind a barrier turns this off, which makes prices a
    /// function of the input alone (the demo's reproducibility).
    /// </summary>
    public bool StepsOnEventClock { get; set; } = true;

    /// <summary>The event time at or after which the next step is due.</summary>
    public long NextDueMs => Volatile.Read(ref _nextDueMs);

    /// <summary>Steps at the event clock if an interval has passed since the last step; false if not due, busy or off.</summary>
    public bool StepIfDue()
    {
        var now = EventClockMs;
        return StepsOnEventClock && now != long.MinValue && now >= NextDueMs && Step(now);
    }

    /// <summary>
    /// Refreshes the demand source to <paramref name="nowMs"/>, feeds each product's (price in effect, q̂) to the
    /// policy, computes and bounds-checks every product's price and publishes them. False when another step was running.
    /// </summary>
    public bool Step(long nowMs)
    {
        if (Interlocked.CompareExchange(ref _stepping, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            _demand.Refresh(nowMs);
            var previous = _prices;
            var next = _sparePrices;
            var scores = _spareScores;
            var count = Math.Min(_catalog.Count, next.Length);

            // The records stay a fresh array per step: stores keep the reference and HTTP serializes it while later
            // steps run, and a multi-field struct could be torn if its array were refilled under them.
            var records = new GlobalPriceRecord[count];
            var mean = _demand.MeanNormalized;
            var fallbacks = 0L;
            for (var i = 0; i < count; i++)
            {
                var product = _catalog[i];
                var basePrice = product.BasePrice;
                var inEffect = previous[i] > 0 ? previous[i] : basePrice;
                var raw = _demand.Raw(i);
                Policy.Observe(i, inEffect, raw);
                var demand = _demand.Normalized(i);
                var input = new PricingInput(i, basePrice, inEffect, demand, mean, 0, 0, 0, 0, 0) { RawDemand = raw };
                var proposed = Policy.GlobalPrice(input);
                var price = _shield.ApplyBounds(proposed, basePrice, out var verdict);
                if (verdict != ShieldVerdict.Accepted)
                {
                    fallbacks++;
                }

                next[i] = price;
                scores[i] = double.IsFinite(demand) ? demand : 0;
                records[i] = new GlobalPriceRecord(i, product.Id, price, basePrice, double.IsFinite(proposed) ? proposed : basePrice, double.IsFinite(demand) ? demand : 0);
            }

            _sparePrices = previous;
            _spareScores = Volatile.Read(ref _demandScores);
            Volatile.Write(ref _prices, next);
            Volatile.Write(ref _demandScores, scores);
            Volatile.Write(ref _meanDemand, double.IsFinite(mean) ? mean : 0);
            Volatile.Write(ref _records, records);
            Interlocked.Add(ref _fallbacks, fallbacks);
            Volatile.Write(ref _lastStepMs, nowMs);
            Volatile.Write(ref _nextDueMs, nowMs + _intervalMs);
            Interlocked.Increment(ref _version);
            _store?.WriteGlobal(records);
            return true;
        }
        finally
        {
            Volatile.Write(ref _stepping, 0);
        }
    }

    /// <summary>
    /// Steps every <see cref="PricingOptions.GlobalStepInterval"/> of wall time at <paramref name="nowMs"/>() until
    /// cancelled: for a node whose stream has gone quiet, so decay still moves prices. Pass the event clock, or the
    /// wall clock when serving live traffic.
    /// </summary>
    public async Task RunAsync(Func<long> nowMs, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(nowMs);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(1, _intervalMs)));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                Step(nowMs());
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopping is the normal way out of this loop.
        }
    }
}
