using Phantom.Training.Learning;

namespace Phantom.Tests.Training.Learning;

public class ActivationLayerTests
{
    public static TheoryData<string> Activations => new() { "relu", "tanh", "sigmoid" };

    [Theory]
    [MemberData(nameof(Activations))]
    public void Backward_RandomInput_MatchesFiniteDifferences(string name)
    {
        ILayer layer = name switch
        {
            "relu" => new ReluLayer(),
            "tanh" => new TanhLayer(),
            _ => new SigmoidLayer(),
        };
        var x = GradientCheck.RandomMatrix(4, 5, 21);
        // Keep every input at least 2h away from ReLU's kink so the finite difference sees one linear piece.
        for (var i = 0; i < x.Values.Length; i++)
        {
            if (Math.Abs(x.Values[i]) < 0.05f)
            {
                x.Values[i] = 0.3f;
            }
        }

        GradientCheck.Check(layer, x);
    }

    [Fact]
    public void Forward_KnownValues_MatchDefinitions()
    {
        var x = Matrix.FromRows([[-2f, 0f, 1.5f]]);
        Assert.Equal([0f, 0f, 1.5f], new ReluLayer().Forward(x).Row(0).ToArray());
        var t = new TanhLayer().Forward(x).Row(0).ToArray();
        var s = new SigmoidLayer().Forward(x).Row(0).ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Math.Tanh(x[0, i]), t[i], 5);
            Assert.Equal(1 / (1 + Math.Exp(-x[0, i])), s[i], 5);
        }
    }
}
