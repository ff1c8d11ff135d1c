using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

public class SessionFeaturesTests
{
    [Fact]
    public void FeatureNames_AreTheThirtyDistinctSectionThreeNames()
    {
        Assert.Equal(30, SessionFeatures.Count);
        Assert.Equal(SessionFeatures.Count, SessionFeatures.FeatureNames.Distinct().Count());
        Assert.Equal("session_duration_sec", SessionFeatures.FeatureNames[0]);
        Assert.Equal("transition_entropy", SessionFeatures.FeatureNames[^1]);
    }

    [Fact]
    public void CopyTo_EachProperty_LandsAtItsNamedPosition()
    {
        // One distinct value per property, written by hand against the names: a reordering in CopyTo fails here.
        var f = new SessionFeatures
        {
            SessionDurationSec = 1, TotalInteractions = 2, AvgTimeBetweenEvents = 3, StdTimeBetweenEvents = 4,
            MinTimeBetweenEvents = 5, SessionStartHour = 6, InteractionVelocity = 7, MaxVelocity5Min = 8,
            UniquePages = 9, PageViews = 10, ItemViews = 11, CartAdds = 12, Purchases = 13, HoverEvents = 14,
            CartToViewRatio = 15, ConversionRate = 16, HoverIntensity = 17, UniqueProductsViewed = 18,
            ProductViewDepth = 19, AvgPriceSeen = 20, MinPriceSeen = 21, MaxPriceSeen = 22, PriceRange = 23,
            IsHeadless = 24, IsAutomation = 25, BrowserFamily = 26, DeltaH = 27, DeltaA = 28, AgentProbability = 29,
            TransitionEntropy = 30,
        };
        string[] expectedOrder =
        [
            "session_duration_sec", "total_interactions", "avg_time_between_events", "std_time_between_events",
            "min_time_between_events", "session_start_hour", "interaction_velocity", "max_velocity_5min",
            "unique_pages", "page_views", "item_views", "cart_adds", "purchases", "hover_events", "cart_to_view_ratio",
            "conversion_rate", "hover_intensity", "unique_products_viewed", "product_view_depth", "avg_price_seen",
            "min_price_seen", "max_price_seen", "price_range", "is_headless", "is_automation", "browser_family",
            "delta_h", "delta_a", "agent_probability", "transition_entropy",
        ];
        for (var i = 0; i < expectedOrder.Length; i++)
        {
            Assert.Equal(i + 1, f[expectedOrder[i]]);
        }
    }

    [Fact]
    public void CopyTo_ShortDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SessionFeatures().CopyTo(new double[29]));
    }
}
