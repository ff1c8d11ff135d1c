namespace Phantom.Training.Trees;

/// <summary>First and second derivative of the log-loss for one row, stored together so one load fetches both.</summary>
internal struct GradientPair
{
    public float Gradient;
    public float Hessian;
}
