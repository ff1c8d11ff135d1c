namespace Phantom.Streams.Models;

/// <summary>The logistic function as the trainers compute it, so served and offline probabilities agree to the bit.</summary>
internal static class Logistic
{
    /// <summary>σ(z), in the overflow-safe form of Training's <c>Losses.Sigmoid</c>.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));
}
