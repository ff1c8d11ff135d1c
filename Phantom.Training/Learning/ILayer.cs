namespace Phantom.Training.Learning;

/// <summary>
/// One differentiable step of a network. <see cref="Forward"/> keeps what <see cref="Backward"/> needs (the last
/// input or output), so calls must alternate forward then backward for the same batch. <see cref="Backward"/>
/// ACCUMULATES parameter gradients (call <see cref="Sequential.ZeroGradients"/> between steps), which lets several
/// heads share one encoder. Returned matrices are owned by the layer and overwritten by the next call.
/// </summary>
public interface ILayer
{
    /// <summary>Trainable parameters (empty for activations).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Output width for a given input width (validates the input width).</summary>
    int OutputSize(int inputSize);

    Matrix Forward(Matrix input);

    /// <summary>Takes dLoss/dOutput, accumulates dLoss/dParameters, returns dLoss/dInput.</summary>
    Matrix Backward(Matrix outputGradient);
}
