using System.Numerics.Tensors;

namespace Phantom.Training.Learning;

/// <summary>max(0, x); the derivative at exactly 0 is taken as 0.</summary>
public sealed class ReluLayer : ActivationLayer
{
    protected override void Apply(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Max(input, 0f, output);

    protected override void Derive(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        for (var i = 0; i < input.Length; i++)
        {
            inputGradient[i] = input[i] > 0f ? outputGradient[i] : 0f;
        }
    }
}
