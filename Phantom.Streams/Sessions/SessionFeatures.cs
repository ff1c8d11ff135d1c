namespace Phantom.Streams.Sessions;

/// <summary>
/// Every session feature of PHANTOM-MODEL.md section 3, as of one moment of a session. Produced only by
/// <see cref="SessionEntity.Snapshot"/>, so the live path and replay (training) share one implementation. The
/// feature vector order is <see cref="FeatureNames"/>; <see cref="CopyTo"/> writes it.
/// </summary>
public readonly record struct SessionFeatures
{
    /// <summary>The features' snake_case names, in vector order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "session_duration_sec", "total_interactions", "avg_time_between_events", "std_time_between_events",
        "min_time_between_events", "session_start_hour", "interaction_velocity", "max_velocity_5min",
        "unique_pages", "page_views", "item_views", "cart_adds", "purchases", "hover_events",
        "cart_to_view_ratio", "conversion_rate", "hover_intensity",
        "unique_products_viewed", "product_view_depth", "avg_price_seen", "min_price_seen", "max_price_seen", "price_range",
        "is_headless", "is_automation", "browser_family",
        "delta_h", "delta_a", "agent_probability", "transition_entropy",
    ];

    /// <summary>Length of the feature vector.</summary>
    public static int Count => FeatureNames.Count;

    /// <summary>Sum of the gaps between consecutive events that are no longer than the session timeout, seconds.</summary>
    public double SessionDurationSec { get; init; }

    /// <summary>Events applied (admin pages never reach a session).</summary>
    public double TotalInteractions { get; init; }

    /// <summary>Mean gap between consecutive events, seconds, all gaps (also those over the timeout); 0 without gaps.</summary>
    public double AvgTimeBetweenEvents { get; init; }

    /// <summary>Sample standard deviation (n − 1) of the gaps, seconds; 0 with fewer than 2 gaps.</summary>
    public double StdTimeBetweenEvents { get; init; }

    /// <summary>Smallest gap, seconds; 0 without gaps.</summary>
    public double MinTimeBetweenEvents { get; init; }

    /// <summary>UTC hour (0–23) of the first event.</summary>
    public double SessionStartHour { get; init; }

    /// <summary>total_interactions / session_duration_sec · 60 (events per minute); 0 when the duration is 0.</summary>
    public double InteractionVelocity { get; init; }

    /// <summary>Most events in one clock-aligned velocity window (5 minutes by default), as the original's resample.</summary>
    public double MaxVelocity5Min { get; init; }

    /// <summary>Distinct pages.</summary>
    public double UniquePages { get; init; }

    /// <summary><c>page_view</c> events.</summary>
    public double PageViews { get; init; }

    /// <summary><c>view_item_page</c> and <c>learn_more_about_item</c> events.</summary>
    public double ItemViews { get; init; }

    /// <summary><c>add_item_to_cart</c> events.</summary>
    public double CartAdds { get; init; }

    /// <summary><c>purchase_complete</c> events.</summary>
    public double Purchases { get; init; }

    /// <summary><c>hover_over_*</c> events.</summary>
    public double HoverEvents { get; init; }

    /// <summary>cart_adds / item_views; 0 when item_views is 0.</summary>
    public double CartToViewRatio { get; init; }

    /// <summary>purchases / item_views; 0 when item_views is 0.</summary>
    public double ConversionRate { get; init; }

    /// <summary>hover_events / total_interactions; 0 when there are no events.</summary>
    public double HoverIntensity { get; init; }

    /// <summary>Distinct products among events that name one.</summary>
    public double UniqueProductsViewed { get; init; }

    /// <summary>Most events (of any name) on one product.</summary>
    public double ProductViewDepth { get; init; }

    /// <summary>Mean price seen over product events carrying one (metadata base_price, else price); 0 without prices.</summary>
    public double AvgPriceSeen { get; init; }

    /// <summary>Smallest price seen; 0 without prices.</summary>
    public double MinPriceSeen { get; init; }

    /// <summary>Largest price seen; 0 without prices.</summary>
    public double MaxPriceSeen { get; init; }

    /// <summary>max_price_seen − min_price_seen.</summary>
    public double PriceRange { get; init; }

    /// <summary>1 when the first user agent is headless (HeadlessChrome, Headless, PhantomJS), else 0.</summary>
    public double IsHeadless { get; init; }

    /// <summary>1 when the first user agent names an automation tool, else 0.</summary>
    public double IsAutomation { get; init; }

    /// <summary>
    /// Browser family of the first user agent, as a code: 0 unknown (none seen), 1 Chrome, 2 Firefox, 3 Safari,
    /// 4 Edge, 5 other (the <see cref="Events.UserAgentFlags"/> family bits).
    /// </summary>
    public double BrowserFamily { get; init; }

    /// <summary>Δ_H = KL(T̂_τ ‖ T_H).</summary>
    public double DeltaH { get; init; }

    /// <summary>Δ_A = KL(T̂_τ ‖ T_A).</summary>
    public double DeltaA { get; init; }

    /// <summary>f(τ).</summary>
    public double AgentProbability { get; init; }

    /// <summary>Entropy rate of the session's empirical kernel, nats: Σ_s (N(s)/N)·H(T̂_τ[s]).</summary>
    public double TransitionEntropy { get; init; }

    /// <summary>Writes the vector in <see cref="FeatureNames"/> order.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Count"/>.</exception>
    public void CopyTo(Span<double> destination)
    {
        if (destination.Length < 30)
        {
            throw new ArgumentException($"a session feature vector needs {Count} slots", nameof(destination));
        }

        destination[0] = SessionDurationSec;
        destination[1] = TotalInteractions;
        destination[2] = AvgTimeBetweenEvents;
        destination[3] = StdTimeBetweenEvents;
        destination[4] = MinTimeBetweenEvents;
        destination[5] = SessionStartHour;
        destination[6] = InteractionVelocity;
        destination[7] = MaxVelocity5Min;
        destination[8] = UniquePages;
        destination[9] = PageViews;
        destination[10] = ItemViews;
        destination[11] = CartAdds;
        destination[12] = Purchases;
        destination[13] = HoverEvents;
        destination[14] = CartToViewRatio;
        destination[15] = ConversionRate;
        destination[16] = HoverIntensity;
        destination[17] = UniqueProductsViewed;
        destination[18] = ProductViewDepth;
        destination[19] = AvgPriceSeen;
        destination[20] = MinPriceSeen;
        destination[21] = MaxPriceSeen;
        destination[22] = PriceRange;
        destination[23] = IsHeadless;
        destination[24] = IsAutomation;
        destination[25] = BrowserFamily;
        destination[26] = DeltaH;
        destination[27] = DeltaA;
        destination[28] = AgentProbability;
        destination[29] = TransitionEntropy;
    }

    /// <summary>The vector as a new array (for training sets; not for the hot path).</summary>
    public double[] ToArray()
    {
        var vector = new double[Count];
        CopyTo(vector);
        return vector;
    }

    /// <summary>A feature by its snake_case name (tests and tools; not for the hot path).</summary>
    /// <exception cref="ArgumentException">Not a name in <see cref="FeatureNames"/>.</exception>
    public double this[string name]
    {
        get
        {
            var index = IndexOf(name);
            return index >= 0 ? ToArray()[index] : throw new ArgumentException($"unknown session feature '{name}'", nameof(name));
        }
    }

    /// <summary>The position of a feature in the vector, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < FeatureNames.Count; i++)
        {
            if (FeatureNames[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
