using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

public class SessionEntityTests
{
    private const UserAgentFlags HeadlessChrome = UserAgentFlags.Present | UserAgentFlags.Headless | UserAgentFlags.FamilyChrome;

    /// <summary>
    /// Session A, starting 10:59:00 UTC (offsets in seconds):
    ///   0 page_view "/"                          UA headless Chrome
    ///  10 view_item_page product 3 "/item/3"     base_price 100, price 120 (base_price wins: 100)
    ///  40 hover_over_title product 3 "/item/3"   no price
    ///  45 learn_more_about_item product 3        price 130 (no base_price: 130)
    /// 1045 add_item_to_cart product 5 "/item/5"  base_price 80 (gap 1000 s > timeout 900 s)
    /// 1050 purchase_complete product 5 "/checkout" UA automation Firefox (ignored: the first user agent counts)
    /// </summary>
    private static SessionEntity SessionA(bool complete = false)
    {
        var entity = new SessionEntity(1, "a", TestEvents.Model());
        var t = TestEvents.T0;
        entity.Apply(TestEvents.Make(EventName.PageView, t, page: "/", userAgent: HeadlessChrome, truth: GroundTruth.Agent));
        entity.Apply(TestEvents.Make(EventName.ViewItemPage, t + 10_000, 3, "/item/3", price: 120, basePrice: 100));
        entity.Apply(TestEvents.Make(EventName.HoverOverTitle, t + 40_000, 3, "/item/3"));
        entity.Apply(TestEvents.Make(EventName.LearnMoreAboutItem, t + 45_000, 3, "/item/3", price: 130));
        entity.Apply(TestEvents.Make(EventName.AddItemToCart, t + 1_045_000, 5, "/item/5", basePrice: 80));
        entity.Apply(TestEvents.Make(EventName.PurchaseComplete, t + 1_050_000, 5, "/checkout",
            userAgent: UserAgentFlags.Present | UserAgentFlags.Automation | UserAgentFlags.FamilyFirefox));
        if (complete)
        {
            entity.Complete();
        }

        return entity;
    }

    [Fact]
    public void Snapshot_SessionA_TemporalFeaturesMatchHandComputed()
    {
        var f = SessionA().Snapshot();

        // Gaps 10, 30, 5, 1000, 5 s; the 1000 s gap exceeds the 900 s timeout: duration = 10+30+5+5 = 50.
        Assert.Equal(50.0, f.SessionDurationSec, 1e-12);
        Assert.Equal(6.0, f.TotalInteractions);
        // Mean over all gaps: 1050 / 5 = 210.
        Assert.Equal(210.0, f.AvgTimeBetweenEvents, 1e-9);
        // Deviations −200, −180, −205, 790, −205; squares 40000+32400+42025+624100+42025 = 780550;
        // sample std = sqrt(780550 / 4) = sqrt(195137.5) = 441.743704.
        Assert.Equal(441.743704, f.StdTimeBetweenEvents, 1e-6);
        Assert.Equal(5.0, f.MinTimeBetweenEvents, 1e-12);
        Assert.Equal(10.0, f.SessionStartHour);
        // 6 events / 50 s · 60 = 7.2 per minute.
        Assert.Equal(7.2, f.InteractionVelocity, 1e-12);
        // Windows [10:55, 11:00): events at 10:59:00, :10, :40, :45 = 4; [11:15, 11:20): 11:16:25, 11:16:30 = 2.
        Assert.Equal(4.0, f.MaxVelocity5Min);
    }

    [Fact]
    public void Snapshot_SessionA_BehaviouralFeaturesMatchHandComputed()
    {
        var entity = SessionA();
        var f = entity.Snapshot();

        Assert.Equal(4.0, f.UniquePages); // "/", "/item/3", "/item/5", "/checkout"
        Assert.Equal(1.0, f.PageViews);
        Assert.Equal(2.0, f.ItemViews); // view_item_page + learn_more_about_item
        Assert.Equal(1.0, f.CartAdds);
        Assert.Equal(1.0, f.Purchases);
        Assert.Equal(1.0, f.HoverEvents);
        Assert.Equal(0.5, f.CartToViewRatio, 12); // 1 / 2
        Assert.Equal(0.5, f.ConversionRate, 12); // 1 / 2
        Assert.Equal(1.0 / 6.0, f.HoverIntensity, 12); // 1 hover / 6 events
        Assert.Equal(2, entity.ItemViews);
        Assert.Equal(0.5, entity.CartToViewRatio, 1e-12);
        Assert.Equal(7.2, entity.InteractionVelocity, 1e-12);
    }

    [Fact]
    public void Snapshot_SessionA_ProductAndUserAgentFeaturesMatchHandComputed()
    {
        var entity = SessionA();
        var f = entity.Snapshot();

        Assert.Equal(2.0, f.UniqueProductsViewed); // products 3 and 5
        Assert.Equal(3.0, f.ProductViewDepth); // product 3: view, hover, learn more
        Assert.Equal(3, entity.ProductViewDepth);
        // Prices seen 100 (base_price), 130 (price), 80 (base_price): mean 310/3.
        Assert.Equal(310.0 / 3.0, f.AvgPriceSeen, 1e-12);
        Assert.Equal(80.0, f.MinPriceSeen);
        Assert.Equal(130.0, f.MaxPriceSeen);
        Assert.Equal(50.0, f.PriceRange);
        Assert.Equal(1.0, f.IsHeadless);
        Assert.Equal(0.0, f.IsAutomation); // only the later, ignored user agent said automation
        Assert.Equal(1.0, f.BrowserFamily); // Chrome
        Assert.Equal(GroundTruth.Agent, entity.Truth);
        Assert.Equal(6, entity.Sequence);
        Assert.Equal(TestEvents.T0 + 1_050_000, entity.LastEventMs);
    }

    [Fact]
    public void Demand_SessionA_SumsOmegaOverSessionAndPerProduct()
    {
        var entity = SessionA();

        // page_view 1 + view_item_page 1 + hover 2 + learn_more 1 + add_to_cart 4 + purchase 4 = 13.
        Assert.Equal(13.0, entity.Demand, 1e-12);
        // Product 3: 1 + 2 + 1 = 4; product 5: 4 + 4 = 8; product 9 untouched.
        Assert.Equal(4.0, entity.ProductDemand(3), 1e-12);
        Assert.Equal(8.0, entity.ProductDemand(5), 1e-12);
        Assert.Equal(0.0, entity.ProductDemand(9));
    }

    [Fact]
    public void Snapshot_SessionA_KernelFeaturesMatchHandComputed()
    {
        // start→pv→vip→hover_title→learn→cart→purchase, each row once: KL_s = ln(1/(q+ε)); ln(1/1e-10) = 23.025851.
        // Δ_H = ln(1/.8) + ln(1/.55) + 23.025851 (vip→hover) + 23.025851 (hover row has no mass: all to session_end)
        //     + ln(1/.5) + 23.025851 (cart→purchase) = .223144 + .597837 + .693147 + 3·23.025851 = 70.591681
        // Δ_A = ln(1/.9) + ln(1/.4) + ln(1/.2) + 3·23.025851 = .105361 + .916291 + 1.609438 + 69.077553 = 71.708642
        // f = σ(70.591681 − 71.708642) = σ(−1.116961) = .246575
        var f = SessionA().Snapshot();
        Assert.Equal(70.591681, f.DeltaH, 1e-6);
        Assert.Equal(71.708642, f.DeltaA, 1e-6);
        Assert.Equal(0.246575, f.AgentProbability, 1e-6);
        Assert.Equal(0.0, f.TransitionEntropy, 12); // every row has a single successor

        // Complete() adds purchase→end with q = 1 in both kernels: KL of that row is 0, nothing changes.
        var completed = SessionA(complete: true).Snapshot();
        Assert.Equal(70.591681, completed.DeltaH, 1e-6);
        Assert.Equal(0.246575, completed.AgentProbability, 1e-6);
    }

    [Fact]
    public void Snapshot_RepeatedPageViews_EntropyAndDivergencesMatchHandComputed()
    {
        // page_view ×3, search: start→pv, pv→pv ×2, pv→search. Rows: start {pv:1}; pv {pv:2, search:1}, N = 4.
        // Entropy = (1/4)·0 + (3/4)·H(2/3, 1/3) = .75·(−(2/3)ln(2/3) − (1/3)ln(1/3)) = .75·.636514 = .477386
        // Δ_H = ln(1/.8) + (2/3)·ln((2/3)/1e-10) + (1/3)·ln((1/3)/.25) = .223144 + 15.080258 + .095894 = 15.399295
        // Δ_A = ln(1/.9) + 15.080258 + (1/3)·ln((1/3)/.35) = .105361 + 15.080258 − .016264 = 15.169354
        var entity = new SessionEntity(1, "b", TestEvents.Model());
        var names = new[] { EventName.PageView, EventName.PageView, EventName.PageView, EventName.Search };
        for (var i = 0; i < names.Length; i++)
        {
            entity.Apply(TestEvents.Make(names[i], TestEvents.T0 + (i * 2000L)));
        }

        var f = entity.Snapshot();
        Assert.Equal(0.477386, f.TransitionEntropy, 1e-6);
        Assert.Equal(15.399295, f.DeltaH, 1e-6);
        Assert.Equal(15.169354, f.DeltaA, 1e-6);
        Assert.Equal(0.557233, f.AgentProbability, 5); // σ(.229940)
        // Gaps 2, 2, 2 s: std 0, avg 2, duration 6, velocity 4 / 6 s · 60 = 40 per minute.
        Assert.Equal(0.0, f.StdTimeBetweenEvents, 1e-12);
        Assert.Equal(2.0, f.AvgTimeBetweenEvents, 1e-12);
        Assert.Equal(40.0, f.InteractionVelocity, 1e-9);
        Assert.Equal(3.0, f.PageViews);
        Assert.Equal(1.0, f.UniquePages);
    }

    [Fact]
    public void Snapshot_FirstUserAgentAutomationEdge_FlagsAutomationAndFamily()
    {
        var entity = new SessionEntity(1, "ua", TestEvents.Model());
        entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0)); // no user agent yet: not the first one
        entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + 1000,
            userAgent: UserAgentFlags.Present | UserAgentFlags.Automation | UserAgentFlags.FamilyEdge));
        entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + 2000, userAgent: HeadlessChrome));
        var f = entity.Snapshot();

        Assert.Equal(1.0, f.IsAutomation);
        Assert.Equal(0.0, f.IsHeadless);
        Assert.Equal(4.0, f.BrowserFamily); // Edge
    }

    [Fact]
    public void Snapshot_NoEvents_EveryFeatureZeroAndFIsPrior()
    {
        var f = new SessionEntity(1, "empty", TestEvents.Model()).Snapshot();
        var vector = f.ToArray();
        for (var i = 0; i < vector.Length; i++)
        {
            var expected = SessionFeatures.FeatureNames[i] == "agent_probability" ? 0.5 : 0.0;
            Assert.True(expected == vector[i], $"{SessionFeatures.FeatureNames[i]} = {vector[i]}");
        }
    }

    [Fact]
    public void Snapshot_OneEventWithoutProductOrUserAgent_ZeroDenominatorsGiveZero()
    {
        var entity = new SessionEntity(1, "one", TestEvents.Model());
        entity.Apply(TestEvents.Make(EventName.Search, TestEvents.T0 + (3 * 3_600_000L)));
        var f = entity.Snapshot();

        Assert.Equal(1.0, f.TotalInteractions);
        Assert.Equal(0.0, f.SessionDurationSec);
        Assert.Equal(0.0, f.InteractionVelocity); // duration 0
        Assert.Equal(0.0, f.MinTimeBetweenEvents); // no gap
        Assert.Equal(0.0, f.CartToViewRatio); // no item views
        Assert.Equal(0.0, f.ConversionRate);
        Assert.Equal(0.0, f.AvgPriceSeen);
        Assert.Equal(0.0, f.BrowserFamily);
        Assert.Equal(13.0, f.SessionStartHour); // 10:59 + 3 h
        Assert.Equal(1.0, f.MaxVelocity5Min);
        Assert.Equal(0.5, entity.Demand); // search weighs .5
    }

    [Fact]
    public void Snapshot_ExactlyTimeoutGap_CountsTowardDuration()
    {
        var entity = new SessionEntity(1, "t", TestEvents.Model());
        entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0));
        entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + 900_000)); // exactly 900 s: kept
        entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + 1_800_001)); // 900.001 s: dropped
        Assert.Equal(900.0, entity.Snapshot().SessionDurationSec, 1e-12);
    }

    [Fact]
    public void Snapshot_OutOfOrderEvent_CountsAsZeroGap()
    {
        var entity = new SessionEntity(1, "o", TestEvents.Model());
        entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + 10_000));
        entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0)); // 10 s before the latest
        entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + 14_000));
        var f = entity.Snapshot();

        // Gaps max(0, −10) = 0 and 4 s: duration 4, min 0, mean 2.
        Assert.Equal(4.0, f.SessionDurationSec, 1e-12);
        Assert.Equal(0.0, f.MinTimeBetweenEvents);
        Assert.Equal(2.0, f.AvgTimeBetweenEvents, 1e-12);
        Assert.Equal(TestEvents.T0 + 14_000, entity.LastEventMs);
    }

    [Fact]
    public void Snapshot_MorePagesThanTracked_EstimatesBeyondTheLimit()
    {
        var entity = new SessionEntity(1, "p", TestEvents.Model(s => s.MaxTrackedUniques = 4));
        for (var i = 0; i < 10; i++)
        {
            entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + i, page: $"/page/{i}"));
            entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + i, page: $"/page/{i}"));
        }

        // 4 exact + a 64-bit linear-counting estimate of the other 6 (one collision would give 4 + 5.1).
        var unique = entity.Snapshot().UniquePages;
        Assert.InRange(unique, 8.5, 11.0);
    }

    [Fact]
    public void Snapshot_MoreProductsThanTracked_DepthFromTrackedAndDistinctEstimated()
    {
        var entity = new SessionEntity(1, "p", TestEvents.Model(s => s.MaxTrackedUniques = 2));
        entity.Apply(TestEvents.Make(EventName.ViewItemPage, TestEvents.T0, product: 1));
        entity.Apply(TestEvents.Make(EventName.ViewItemPage, TestEvents.T0, product: 2));
        entity.Apply(TestEvents.Make(EventName.ViewItemPage, TestEvents.T0, product: 1));
        entity.Apply(TestEvents.Make(EventName.ViewItemPage, TestEvents.T0, product: 3));
        var f = entity.Snapshot();

        Assert.Equal(2.0, f.ProductViewDepth); // product 1 twice
        Assert.InRange(f.UniqueProductsViewed, 2.9, 3.1); // 2 exact + ~1 from the sketch
        Assert.Equal(0.0, entity.ProductDemand(3)); // untracked
    }

    [Fact]
    public void Apply_AfterComplete_Throws()
    {
        var entity = SessionA(complete: true);
        Assert.True(entity.Completed);
        Assert.Throws<InvalidOperationException>(() => entity.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + 2_000_000)));
    }

    [Fact]
    public void DetectorScore_HeadlessFastRegularSession_ScoresAboveSlowIrregularHuman()
    {
        var model = TestEvents.Model();
        var bot = new SessionEntity(1, "bot", model);
        var human = new SessionEntity(2, "human", model);
        long[] humanGaps = [0, 4_000, 31_000, 9_000, 70_000, 12_000];
        long humanTime = TestEvents.T0;
        for (var i = 0; i < 6; i++)
        {
            bot.Apply(TestEvents.Make(EventName.PageView, TestEvents.T0 + (i * 500L), userAgent: HeadlessChrome));
            humanTime += humanGaps[i];
            human.Apply(TestEvents.Make(i % 2 == 0 ? EventName.PageView : EventName.HoverOverTitle, humanTime,
                userAgent: UserAgentFlags.Present | UserAgentFlags.FamilySafari));
        }

        Assert.True(bot.DetectorScore > 0.9, $"bot {bot.DetectorScore}");
        Assert.True(human.DetectorScore < 0.1, $"human {human.DetectorScore}");
    }
}
