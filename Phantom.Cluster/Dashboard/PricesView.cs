namespace Phantom.Cluster.Dashboard;

/// <summary>Prices shown to humans and to agents in one frame.</summary>
/// <param name="LikelyHumanMean">Mean of the latest price shown to each live session the detector takes for a human.</param>
/// <param name="LikelyAgentMean">The same for live sessions the detector takes for an agent.</param>
/// <param name="LikelyHumanQuotes">Live likely-human sessions that were shown a price.</param>
/// <param name="LikelyAgentQuotes">Live likely-agent sessions that were shown a price.</param>
/// <param name="HumanMean">Mean of every price shown so far to sessions labelled human (generated or labelled traffic).</param>
/// <param name="AgentMean">The same for sessions labelled agent.</param>
/// <param name="LikelyAgentShare">Share of all prices shown so far that went to a session scored above one half.</param>
/// <param name="PricedEvents">Prices shown so far.</param>
/// <param name="ShieldFallbacks">Prices the shield replaced by the base price.</param>
public sealed record PricesView(
    double? LikelyHumanMean,
    double? LikelyAgentMean,
    long LikelyHumanQuotes,
    long LikelyAgentQuotes,
    double? HumanMean,
    double? AgentMean,
    double? LikelyAgentShare,
    long PricedEvents,
    long ShieldFallbacks);
