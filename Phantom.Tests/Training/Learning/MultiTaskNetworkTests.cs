using Phantom.Streams.Randomness;
using Phantom.Training.Learning;

namespace Phantom.Tests.Training.Learning;

public class MultiTaskNetworkTests
{
    private static MultiTaskNetwork SmallNetwork(long seed = 4) => new(new MultiTaskNetworkOptions
    {
        InputSize = 3,
        EncoderHiddenSizes = [5, 4],
        AgentHeadHiddenSizes = [3],
        PurchaseHeadHiddenSizes = [3],
        Activation = Activation.Tanh,
        Seed = seed,
    });

    [Fact]
    public void Backward_CombinedLoss_MatchesFiniteDifferences()
    {
        var net = SmallNetwork();
        var x = GradientCheck.RandomMatrix(6, 3, 1);
        float[] prices = [0.8f, 1.2f, 1.0f, 0.5f, 1.5f, 1.1f];
        var ca = GradientCheck.RandomMatrix(6, 1, 2);
        var cp = GradientCheck.RandomMatrix(6, 1, 3);

        double Loss()
        {
            var (a, p) = net.Forward(x, prices);
            return GradientCheck.Probe(a, ca) + GradientCheck.Probe(p, cp);
        }

        net.Forward(x, prices);
        net.ZeroGradients();
        net.Backward(ca, cp);
        var analytic = net.Parameters.Select(p => (float[])p.Gradient.Clone()).ToArray();
        for (var k = 0; k < net.Parameters.Count; k++)
        {
            var p = net.Parameters[k];
            for (var i = 0; i < p.Length; i++)
            {
                GradientCheck.AssertClose(analytic[k][i], GradientCheck.Numeric(p.Value, i, Loss), $"{p.Name}[{i}]");
            }
        }

        // Encoder weights must receive gradient from both heads: zeroing either head's signal changes them.
        net.ZeroGradients();
        net.Forward(x, prices);
        net.Backward(ca, new Matrix(6, 1));
        Assert.NotEqual(analytic[0], net.Parameters[0].Gradient);
    }

    [Fact]
    public void Forward_PriceChangesOnlyPurchaseHead()
    {
        var net = SmallNetwork();
        var x = GradientCheck.RandomMatrix(2, 3, 1);
        var (a1, p1) = net.Forward(x, [1f, 1f]);
        var agent1 = a1.Values.ToArray();
        var purchase1 = p1.Values.ToArray();
        var (a2, p2) = net.Forward(x, [3f, 3f]);
        Assert.Equal(agent1, a2.Values.ToArray());
        Assert.NotEqual(purchase1, p2.Values.ToArray());
    }

    [Fact]
    public void Fit_SyntheticTwoTaskProblem_ReducesBothLosses()
    {
        var data = Synthetic(4000, seed: 10);
        var net = new MultiTaskNetwork(new MultiTaskNetworkOptions { InputSize = 4, EncoderHiddenSizes = [32, 16], Seed = 1 });
        var before = MultiTaskTrainer.Evaluate(net, data);
        var result = MultiTaskTrainer.Fit(net, data, new MultiTaskTrainerOptions
        {
            Epochs = 15,
            BatchSize = 64,
            Adam = new AdamOptions { LearningRate = 3e-3 },
            Seed = 2,
        });
        var after = MultiTaskTrainer.Evaluate(net, data);
        Assert.True(after.Agent < before.Agent * 0.6, $"agent {before.Agent} -> {after.Agent}");
        Assert.True(after.Purchase < before.Purchase * 0.8, $"purchase {before.Purchase} -> {after.Purchase}");
        Assert.Equal(15, result.History.Count);

        // The purchase head must have learned the price effect: higher price, lower P(purchase), on average.
        var cheap = net.PredictPurchaseProbabilities(data.Features, Enumerable.Repeat(0.5f, data.Count).ToArray()).Average();
        var dear = net.PredictPurchaseProbabilities(data.Features, Enumerable.Repeat(1.5f, data.Count).ToArray()).Average();
        Assert.True(cheap > dear + 0.1, $"cheap {cheap} dear {dear}");
    }

    [Fact]
    public void Fit_EarlyStopping_RestoresBestValidationEpoch()
    {
        var data = Synthetic(600, seed: 3);
        var net = new MultiTaskNetwork(new MultiTaskNetworkOptions { InputSize = 4, EncoderHiddenSizes = [64, 64], Seed = 1 });
        var result = MultiTaskTrainer.Fit(net, data, new MultiTaskTrainerOptions
        {
            Epochs = 60,
            BatchSize = 16,
            Adam = new AdamOptions { LearningRate = 1e-2 },
            ValidationFraction = 0.3,
            EarlyStoppingPatience = 3,
            Seed = 4,
        });
        var best = result.History.MinBy(e => e.ValidationTotalLoss)!;
        Assert.Equal(best.Epoch, result.BestEpoch);
        Assert.All(result.History, e => Assert.False(double.IsNaN(e.ValidationTotalLoss)));
        if (result.StoppedEarly)
        {
            Assert.Equal(result.BestEpoch + 4, result.History.Count);
        }
    }

    [Fact]
    public void Fit_SameSeed_IdenticalWeights()
    {
        var data = Synthetic(500, seed: 5);
        float[] Train()
        {
            var net = new MultiTaskNetwork(new MultiTaskNetworkOptions { InputSize = 4, Seed = 9 });
            MultiTaskTrainer.Fit(net, data, new MultiTaskTrainerOptions { Epochs = 3, BatchSize = 32, Seed = 8, ValidationFraction = 0.2 });
            return net.PredictAgentProbabilities(data.Features);
        }

        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Fit_PurchaseMask_ZeroMaskLeavesPurchaseHeadUntouched()
    {
        var data = Synthetic(200, seed: 6);
        var masked = data with { PurchaseMask = new float[data.Count] };
        var net = new MultiTaskNetwork(new MultiTaskNetworkOptions { InputSize = 4, Seed = 9 });
        var before = net.PurchaseHead.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        MultiTaskTrainer.Fit(net, masked, new MultiTaskTrainerOptions { Epochs = 2, BatchSize = 32, Seed = 1, Adam = new AdamOptions { LearningRate = 0.01 } });
        for (var k = 0; k < before.Length; k++)
        {
            Assert.Equal(before[k], net.PurchaseHead.Parameters[k].Value);
        }
    }

    [Fact]
    public void SaveLoad_RoundTrip_SamePredictions()
    {
        var source = SmallNetwork(seed: 1);
        var target = SmallNetwork(seed: 2);
        var x = GradientCheck.RandomMatrix(5, 3, 3);
        var expected = source.PredictAgentProbabilities(x);
        Assert.NotEqual(expected, target.PredictAgentProbabilities(x));
        var path = Path.Combine(Path.GetTempPath(), $"phantom-multitask-{Guid.NewGuid():N}.bin");
        try
        {
            source.Save(path);
            target.Load(path);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(expected, target.PredictAgentProbabilities(x));
        Assert.Equal(source.PredictPurchaseProbabilities(x, [1f, 2f, 0.5f, 1f, 1f]), target.PredictPurchaseProbabilities(x, [1f, 2f, 0.5f, 1f, 1f]));
    }

    /// <summary>Agent = x0 + x1 &gt; 0 (noisy); purchase depends on x2 and falls with price.</summary>
    private static MultiTaskDataset Synthetic(int n, long seed)
    {
        var random = new SeededRandom(seed);
        var x = new Matrix(n, 4);
        var prices = new float[n];
        var agent = new float[n];
        var purchase = new float[n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                x[r, c] = (float)random.NextGaussian();
            }

            prices[r] = (float)(0.5 + random.NextDouble());
            agent[r] = random.NextDouble() < Losses.Sigmoid(4 * (x[r, 0] + x[r, 1])) ? 1 : 0;
            purchase[r] = random.NextDouble() < Losses.Sigmoid((2 * x[r, 2]) - (4 * (prices[r] - 1))) ? 1 : 0;
        }

        return new MultiTaskDataset(x, prices, agent, purchase);
    }
}
