using System.Numerics.Tensors;
using Phantom.Streams.Randomness;

namespace Phantom.Training.Learning;

/// <summary>Fully connected layer y = x·Wᵀ + b with W stored [outputs x inputs].</summary>
public sealed class DenseLayer : ILayer
{
    private readonly IMatrixOps _ops;
    private readonly Parameter[] _parameters;
    private Matrix? _input;
    private Matrix? _output;
    private Matrix? _inputGradient;

    public DenseLayer(int inputSize, int outputSize, IMatrixOps? ops = null, string name = "dense")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        InputSize = inputSize;
        OutputSizeValue = outputSize;
        _ops = ops ?? CpuMatrixOps.Instance;
        Weights = new Parameter(name + ".weight", outputSize, inputSize);
        Bias = new Parameter(name + ".bias", 1, outputSize);
        _parameters = [Weights, Bias];
    }

    public int InputSize { get; }

    public int OutputSizeValue { get; }

    public Parameter Weights { get; }

    public Parameter Bias { get; }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    public int OutputSize(int inputSize)
    {
        if (inputSize != InputSize)
        {
            throw new ArgumentException($"Dense layer expects {InputSize} inputs, got {inputSize}.", nameof(inputSize));
        }

        return OutputSizeValue;
    }

    /// <summary>Initialises weights (He for ReLU-fed layers, Xavier otherwise) and zero biases, from the seed stream.</summary>
    public void Initialize(WeightInitialization scheme, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        WeightInitializer.Fill(Weights.Value, InputSize, OutputSizeValue, scheme, random);
        Array.Clear(Bias.Value);
    }

    public Matrix Forward(Matrix input)
    {
        OutputSize(input.Columns);
        _input = input;
        _output = Matrix.Ensure(_output, input.Rows, OutputSizeValue);
        _ops.MultiplyByTransposed(input, Weights.ValueMatrix(), _output);
        var bias = Bias.Value.AsSpan();
        for (var r = 0; r < _output.Rows; r++)
        {
            var row = _output.Row(r);
            TensorPrimitives.Add(row, bias, row);
        }

        return _output;
    }

    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        if (outputGradient.Rows != input.Rows || outputGradient.Columns != OutputSizeValue)
        {
            throw new ArgumentException("Output gradient shape does not match the last forward pass.", nameof(outputGradient));
        }

        _ops.AccumulateTransposedProduct(outputGradient, input, Weights.GradientMatrix());
        var biasGradient = Bias.Gradient.AsSpan();
        for (var r = 0; r < outputGradient.Rows; r++)
        {
            TensorPrimitives.Add(biasGradient, outputGradient.Row(r), biasGradient);
        }

        _inputGradient = Matrix.Ensure(_inputGradient, input.Rows, InputSize);
        _ops.Multiply(outputGradient, Weights.ValueMatrix(), _inputGradient);
        return _inputGradient;
    }
}
