namespace Phantom.Streams.Demand;

/// <summary><c>phantom.demand</c>: the demand proxy q̂ (PHANTOM-MODEL.md section 1).</summary>
public sealed class DemandOptions
{
    /// <summary>Half-life of the exponential decay of per-product q̂ (the storefront's window).</summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Weight ω per event name; names not listed weigh <see cref="DefaultWeight"/>.</summary>
    public Dictionary<string, double> Weights { get; set; } = new()
    {
        ["add_item_to_cart"] = 4.0, ["remove_item"] = 4.0, ["checkout_start"] = 4.0, ["purchase_complete"] = 4.0,
        ["hover_over_title"] = 2.0, ["hover_over_paragraph"] = 2.0, ["hover_over_link"] = 2.0, ["hover_over_button"] = 2.0,
        ["page_view"] = 1.0, ["view_item_page"] = 1.0, ["learn_more_about_item"] = 1.0, ["session_start"] = 1.0,
        ["search"] = 0.5, ["filter_for_date"] = 0.5, ["filter_for_amenities"] = 0.5, ["filter_for_price"] = 0.5, ["sort_change"] = 0.5,
    };

    /// <summary>Weight of an event name without an entry in <see cref="Weights"/>.</summary>
    public double DefaultWeight { get; set; } = 1.0;
}
