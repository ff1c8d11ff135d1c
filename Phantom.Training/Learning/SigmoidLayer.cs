using System.Numerics.Tensors;

namespace Phantom.Training.Learning;

/// <summary>1/(1+e^-x); derivative σ(1-σ). For a probability output prefer logits + BCE-with-logits (stabler).</summary>
public sealed class SigmoidLayer : ActivationLayer
{
    protected override void Apply(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Sigmoid(input, output);

    protected override void Derive(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        for (var i = 0; i < output.Length; i++)
        {
            var y = output[i];
            inputGradient[i] = outputGradient[i] * y * (1f - y);
        }
    }
}
