namespace Phantom.Training.Learning;

/// <summary>Hidden-layer activation of an <see cref="Mlp"/>.</summary>
public enum Activation
{
    Relu,
    Tanh,
    Sigmoid,
}
