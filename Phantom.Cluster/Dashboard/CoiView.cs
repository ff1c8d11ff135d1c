namespace Phantom.Cluster.Dashboard;

/// <summary>
/// Cost of information (PHANTOM-MODEL.md section 4) in one frame, and the erosion indicator: how much of the premium
/// above the floor agents could strip by buying at the lowest price any of them was shown.
/// </summary>
/// <param name="Floor">p̲, the price floor the premium is measured above.</param>
/// <param name="Level"><c>coi_level</c> = mean(p) − p̲ over every price shown so far.</param>
/// <param name="LiveLevel">mean(p) − p̲ over the latest price of each live session.</param>
/// <param name="AtAgentMinimum">
/// The premium left if every live session paid the lowest price a likely agent saw for the same product:
/// mean over products (weighted by sessions) of (min price shown to a likely agent − p̲).
/// </param>
/// <param name="Erosion">
/// The erosion indicator in [0, 1]: per product, (mean price − agents' minimum) / (mean price − p̲), averaged weighted
/// by sessions over the products a likely agent was priced on. 0: agents see no lower price than anyone (the premium
/// holds); 1: some agent was shown the floor (information erased the premium, as the erosion theorem predicts for many
/// independent agent draws).
/// </param>
/// <param name="Products">Products the indicator is computed over.</param>
public sealed record CoiView(double Floor, double Level, double? LiveLevel, double? AtAgentMinimum, double? Erosion, int Products);
