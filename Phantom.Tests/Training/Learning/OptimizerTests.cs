using Phantom.Training.Learning;

namespace Phantom.Tests.Training.Learning;

public class OptimizerTests
{
    // f(w) = Σ (w_i - t_i)², gradient 2(w - t): both optimizers must reach t.
    private static readonly float[] Target = [3f, -2f, 0.5f];

    [Fact]
    public void Adam_Quadratic_ConvergesToMinimum()
    {
        var p = new Parameter("w", 1, 3);
        var adam = new Adam([p], new AdamOptions { LearningRate = 0.05 });
        Minimize(p, adam, 2000);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Target[i], p.Value[i], 2);
        }

        Assert.Equal(2000, adam.StepCount);
    }

    [Fact]
    public void Sgd_WithMomentum_ConvergesToMinimum()
    {
        var p = new Parameter("w", 1, 3);
        Minimize(p, new Sgd([p], 0.05, momentum: 0.9), 500);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Target[i], p.Value[i], 3);
        }
    }

    [Fact]
    public void Adam_FirstStep_MovesEachWeightByLearningRate()
    {
        // With bias correction the first Adam step is lr · g/|g| (ε aside), whatever the gradient's scale.
        var p = new Parameter("w", 1, 2);
        p.Gradient[0] = 1000f;
        p.Gradient[1] = -0.001f;
        new Adam([p], new AdamOptions { LearningRate = 0.1 }).Step();
        Assert.Equal(-0.1f, p.Value[0], 4);
        Assert.Equal(0.1f, p.Value[1], 3);
    }

    [Fact]
    public void ClipByGlobalNorm_LargeGradient_ScalesToMaxNorm()
    {
        var a = new Parameter("a", 1, 2);
        var b = new Parameter("b", 1, 1);
        a.Gradient[0] = 3;
        a.Gradient[1] = 0;
        b.Gradient[0] = 4;
        var before = GradientClipping.ClipByGlobalNorm([a, b], 1.0);
        Assert.Equal(5.0, before, 6);
        Assert.Equal(1.0, GradientClipping.GlobalNorm([a, b]), 5);
        Assert.Equal(0.6f, a.Gradient[0], 5);
        Assert.Equal(0.8f, b.Gradient[0], 5);
    }

    [Fact]
    public void ClipByGlobalNorm_SmallGradient_Unchanged()
    {
        var a = new Parameter("a", 1, 1);
        a.Gradient[0] = 0.5f;
        GradientClipping.ClipByGlobalNorm([a], 1.0);
        Assert.Equal(0.5f, a.Gradient[0]);
    }

    private static void Minimize(Parameter p, IOptimizer optimizer, int steps)
    {
        for (var s = 0; s < steps; s++)
        {
            optimizer.ZeroGradients();
            for (var i = 0; i < 3; i++)
            {
                p.Gradient[i] = 2 * (p.Value[i] - Target[i]);
            }

            optimizer.Step();
        }
    }
}
