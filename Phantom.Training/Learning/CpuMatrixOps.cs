using System.Numerics.Tensors;

namespace Phantom.Training.Learning;

/// <summary>SIMD CPU implementation of <see cref="IMatrixOps"/> on TensorPrimitives; single-threaded (small batches).</summary>
public sealed class CpuMatrixOps : IMatrixOps
{
    public static CpuMatrixOps Instance { get; } = new();

    public void MultiplyByTransposed(Matrix input, Matrix weights, Matrix result)
    {
        CheckShape(input.Columns == weights.Columns && result.Rows == input.Rows && result.Columns == weights.Rows);
        for (var r = 0; r < input.Rows; r++)
        {
            var x = input.Row(r);
            var y = result.Row(r);
            for (var o = 0; o < weights.Rows; o++)
            {
                y[o] = TensorPrimitives.Dot(x, weights.Row(o));
            }
        }
    }

    public void Multiply(Matrix left, Matrix right, Matrix result)
    {
        CheckShape(left.Columns == right.Rows && result.Rows == left.Rows && result.Columns == right.Columns);
        for (var r = 0; r < left.Rows; r++)
        {
            var a = left.Row(r);
            var y = result.Row(r);
            y.Clear();
            for (var m = 0; m < right.Rows; m++)
            {
                var scale = a[m];
                if (scale != 0f)
                {
                    TensorPrimitives.MultiplyAdd(right.Row(m), scale, y, y);
                }
            }
        }
    }

    public void AccumulateTransposedProduct(Matrix left, Matrix right, Matrix accumulator)
    {
        CheckShape(left.Rows == right.Rows && accumulator.Rows == left.Columns && accumulator.Columns == right.Columns);
        for (var r = 0; r < left.Rows; r++)
        {
            var g = left.Row(r);
            var x = right.Row(r);
            for (var m = 0; m < left.Columns; m++)
            {
                var scale = g[m];
                if (scale != 0f)
                {
                    var acc = accumulator.Row(m);
                    TensorPrimitives.MultiplyAdd(x, scale, acc, acc);
                }
            }
        }
    }

    private static void CheckShape(bool ok)
    {
        if (!ok)
        {
            throw new ArgumentException("Matrix shapes do not match.");
        }
    }
}
