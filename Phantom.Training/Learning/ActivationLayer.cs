namespace Phantom.Training.Learning;

/// <summary>Shared plumbing of element-wise activations: buffer reuse and shape checks.</summary>
public abstract class ActivationLayer : ILayer
{
    private Matrix? _input;
    private Matrix? _output;
    private Matrix? _inputGradient;

    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    public int OutputSize(int inputSize) => inputSize;

    public Matrix Forward(Matrix input)
    {
        _input = input;
        _output = Matrix.Ensure(_output, input.Rows, input.Columns);
        Apply(input.Values, _output.Values);
        return _output;
    }

    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        var output = _output!;
        if (outputGradient.Rows != input.Rows || outputGradient.Columns != input.Columns)
        {
            throw new ArgumentException("Output gradient shape does not match the last forward pass.", nameof(outputGradient));
        }

        _inputGradient = Matrix.Ensure(_inputGradient, input.Rows, input.Columns);
        Derive(input.Values, output.Values, outputGradient.Values, _inputGradient.Values);
        return _inputGradient;
    }

    /// <summary>output = f(input), element-wise.</summary>
    protected abstract void Apply(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>inputGradient = outputGradient ⊙ f'(input), given also output = f(input).</summary>
    protected abstract void Derive(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient);
}
