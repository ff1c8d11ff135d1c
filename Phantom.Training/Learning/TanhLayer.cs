using System.Numerics.Tensors;

namespace Phantom.Training.Learning;

/// <summary>tanh(x); derivative 1 - tanh².</summary>
public sealed class TanhLayer : ActivationLayer
{
    protected override void Apply(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Tanh(input, output);

    protected override void Derive(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        for (var i = 0; i < output.Length; i++)
        {
            var y = output[i];
            inputGradient[i] = outputGradient[i] * (1f - (y * y));
        }
    }
}
