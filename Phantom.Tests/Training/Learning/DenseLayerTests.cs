using Phantom.Streams.Randomness;
using Phantom.Training.Learning;

namespace Phantom.Tests.Training.Learning;

public class DenseLayerTests
{
    [Fact]
    public void Forward_KnownWeights_ComputesAffineMap()
    {
        var layer = new DenseLayer(2, 3);
        float[] w = [1, 2, 3, 4, 5, 6];
        w.CopyTo(layer.Weights.Value, 0);
        float[] b = [0.5f, -1, 0];
        b.CopyTo(layer.Bias.Value, 0);
        var y = layer.Forward(Matrix.FromRows([[1, -1], [2, 0.5f]]));
        Assert.Equal([-0.5f, -2f, -1f], y.Row(0).ToArray());
        Assert.Equal([3.5f, 7f, 13f], y.Row(1).ToArray());
    }

    [Fact]
    public void Backward_RandomLayer_MatchesFiniteDifferences()
    {
        var layer = new DenseLayer(4, 3);
        layer.Initialize(WeightInitialization.XavierUniform, new SeededRandom(3));
        GradientCheck.RandomMatrix(1, 3, 4).Values.CopyTo(layer.Bias.Value);
        GradientCheck.Check(layer, GradientCheck.RandomMatrix(5, 4, 11));
    }

    [Fact]
    public void Backward_CalledTwice_AccumulatesParameterGradients()
    {
        var layer = new DenseLayer(3, 2);
        layer.Initialize(WeightInitialization.HeNormal, new SeededRandom(5));
        var x = GradientCheck.RandomMatrix(4, 3, 6);
        var g = GradientCheck.RandomMatrix(4, 2, 7);
        layer.Forward(x);
        layer.Backward(g);
        var once = (float[])layer.Weights.Gradient.Clone();
        layer.Forward(x);
        layer.Backward(g);
        for (var i = 0; i < once.Length; i++)
        {
            Assert.Equal(2 * once[i], layer.Weights.Gradient[i], 5);
        }
    }

    [Fact]
    public void Initialize_SameSeed_SameWeights()
    {
        var a = new DenseLayer(8, 4);
        var b = new DenseLayer(8, 4);
        a.Initialize(WeightInitialization.HeNormal, new SeededRandom(42));
        b.Initialize(WeightInitialization.HeNormal, new SeededRandom(42));
        Assert.Equal(a.Weights.Value, b.Weights.Value);
        Assert.Contains(a.Weights.Value, v => v != 0);
    }

    [Fact]
    public void Forward_WrongInputWidth_Throws()
    {
        var layer = new DenseLayer(3, 2);
        Assert.Throws<ArgumentException>(() => layer.Forward(new Matrix(1, 4)));
    }
}
