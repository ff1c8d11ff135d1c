using Phantom.Streams.Randomness;

namespace Phantom.Training.Learning;

/// <summary>Builds multi-layer perceptrons as <see cref="Sequential"/> networks with seeded initialisation.</summary>
public static class Mlp
{
    /// <summary>
    /// Dense → activation for each hidden width, then a final linear Dense to <paramref name="outputSize"/> (logits /
    /// raw values: pair with BCE-with-logits, MSE or softmax). He init before ReLU, Xavier elsewhere.
    /// Parameter names are "<paramref name="name"/>.{i}.weight|bias" so several networks can be saved side by side.
    /// </summary>
    public static Sequential Create(int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize, Activation activation, long seed, string name = "mlp", IMatrixOps? ops = null)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        var random = new SeededRandom(seed);
        var layers = new List<ILayer>();
        var width = inputSize;
        for (var i = 0; i < hiddenSizes.Count; i++)
        {
            var dense = new DenseLayer(width, hiddenSizes[i], ops, $"{name}.{i}");
            dense.Initialize(activation == Activation.Relu ? WeightInitialization.HeNormal : WeightInitialization.XavierUniform, random);
            layers.Add(dense);
            layers.Add(CreateActivation(activation));
            width = hiddenSizes[i];
        }

        var output = new DenseLayer(width, outputSize, ops, $"{name}.{hiddenSizes.Count}");
        output.Initialize(WeightInitialization.XavierUniform, random);
        layers.Add(output);
        return new Sequential([.. layers]);
    }

    public static ILayer CreateActivation(Activation activation) => activation switch
    {
        Activation.Relu => new ReluLayer(),
        Activation.Tanh => new TanhLayer(),
        Activation.Sigmoid => new SigmoidLayer(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
