namespace Phantom.Streams.Pricing;

/// <summary>
/// One product's entry of <c>prices:latest</c> (CONTRACTS.md): <c>{productId, current_price, base_price,
/// optimal_price, demand_score}</c>. <see cref="CurrentPrice"/> is the shielded global price in effect;
/// <see cref="OptimalPrice"/> is what the policy proposed (the base price when the proposal was not finite);
/// <see cref="DemandScore"/> is the product's q̃.
/// </summary>
public readonly record struct GlobalPriceRecord(
    int ProductIndex,
    string ProductId,
    double CurrentPrice,
    double BasePrice,
    double OptimalPrice,
    double DemandScore);
