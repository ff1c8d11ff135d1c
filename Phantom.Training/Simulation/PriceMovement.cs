namespace Phantom.Training.Simulation;

/// <summary>The price-only inputs of the reward: v (volatility), u (upward volatility), and mean max(0, p/ref − 1)².</summary>
public readonly record struct PriceMovement(double Volatility, double UpwardVolatility, double SupraShare);
