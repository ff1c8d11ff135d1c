using Phantom.Training.Learning;

namespace Phantom.Tests.Training.Learning;

public class SequentialTests
{
    [Fact]
    public void Backward_TanhSigmoidMlp_MatchesFiniteDifferences()
    {
        var net = new Sequential(
            Dense(3, 5, 1), new TanhLayer(),
            Dense(5, 4, 2), new SigmoidLayer(),
            Dense(4, 2, 3));
        GradientCheck.Check(net, GradientCheck.RandomMatrix(6, 3, 12));
    }

    [Fact]
    public void Fit_Xor_LearnsAllFourCases()
    {
        var x = Matrix.FromRows([[0, 0], [0, 1], [1, 0], [1, 1]]);
        var y = Matrix.FromRows([[0], [1], [1], [0]]);
        var net = Mlp.Create(2, [8], 1, Activation.Tanh, seed: 3);
        var history = SupervisedTrainer.Fit(net, x, y, new SupervisedTrainerOptions
        {
            Epochs = 1500,
            BatchSize = 4,
            Adam = new AdamOptions { LearningRate = 0.05 },
            Seed = 1,
        });
        var logits = net.Forward(x);
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(y[r, 0] == 1, logits[r, 0] > 0);
        }

        Assert.True(history[^1] < 0.05, $"final loss {history[^1]}");
    }

    [Fact]
    public void Create_SameSeed_IdenticalTrainingResult()
    {
        var x = GradientCheck.RandomMatrix(64, 4, 1);
        var y = new Matrix(64, 1);
        for (var r = 0; r < 64; r++)
        {
            y[r, 0] = x[r, 0] * x[r, 1] > 0 ? 1 : 0;
        }

        float[] Train()
        {
            var net = Mlp.Create(4, [16, 8], 1, Activation.Relu, seed: 77);
            SupervisedTrainer.Fit(net, x, y, new SupervisedTrainerOptions { Epochs = 5, BatchSize = 16, Seed = 5 });
            return net.Forward(x).Values.ToArray();
        }

        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Constructor_DuplicateParameterNames_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Sequential(new DenseLayer(2, 2, name: "a"), new DenseLayer(2, 2, name: "a")));
    }

    private static DenseLayer Dense(int input, int output, long seed)
    {
        var d = new DenseLayer(input, output, name: $"d{seed}");
        d.Initialize(WeightInitialization.XavierUniform, new Phantom.Streams.Randomness.SeededRandom(seed));
        GradientCheck.RandomMatrix(1, output, seed + 100, 0.3).Values.CopyTo(d.Bias.Value);
        return d;
    }
}
