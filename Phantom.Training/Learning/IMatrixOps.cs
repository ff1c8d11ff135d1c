namespace Phantom.Training.Learning;

/// <summary>
/// The compute seam: the few dense products a network needs. <see cref="CpuMatrixOps"/> implements them with
/// TensorPrimitives (SIMD); a GPU backend would implement the same three calls and leave layers untouched.
/// Shapes: a sample is a row, weights are stored [outputs x inputs] so every inner loop is a contiguous dot product.
/// </summary>
public interface IMatrixOps
{
    /// <summary><paramref name="result"/>[n x m] = <paramref name="input"/>[n x k] · <paramref name="weights"/>[m x k]ᵀ.</summary>
    void MultiplyByTransposed(Matrix input, Matrix weights, Matrix result);

    /// <summary><paramref name="result"/>[n x k] = <paramref name="left"/>[n x m] · <paramref name="right"/>[m x k].</summary>
    void Multiply(Matrix left, Matrix right, Matrix result);

    /// <summary><paramref name="accumulator"/>[m x k] += <paramref name="left"/>[n x m]ᵀ · <paramref name="right"/>[n x k].</summary>
    void AccumulateTransposedProduct(Matrix left, Matrix right, Matrix accumulator);
}
