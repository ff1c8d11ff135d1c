using Phantom.Training.Learning;

namespace Phantom.Tests.Training.Learning;

public class ModelWeightsTests
{
    [Fact]
    public void SaveLoad_RoundTrip_RestoresIdenticalOutputs()
    {
        var source = Mlp.Create(3, [6], 2, Activation.Relu, seed: 1);
        var target = Mlp.Create(3, [6], 2, Activation.Relu, seed: 2);
        var x = GradientCheck.RandomMatrix(5, 3, 3);
        var expected = source.Forward(x).Values.ToArray();
        Assert.NotEqual(expected, target.Forward(x).Values.ToArray());

        using var stream = new MemoryStream();
        ModelWeights.Save(stream, source.Parameters);
        stream.Position = 0;
        ModelWeights.Load(stream, target.Parameters);
        Assert.Equal(expected, target.Forward(x).Values.ToArray());
    }

    [Fact]
    public void Load_DifferentArchitecture_Throws()
    {
        var source = Mlp.Create(3, [6], 2, Activation.Relu, seed: 1);
        var other = Mlp.Create(3, [7], 2, Activation.Relu, seed: 1);
        using var stream = new MemoryStream();
        ModelWeights.Save(stream, source.Parameters);
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => ModelWeights.Load(stream, other.Parameters));
    }
}
