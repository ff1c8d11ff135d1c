namespace Phantom.Training.Trees;

/// <summary>Sums of gradient, hessian and row count for one feature bin of one node.</summary>
internal struct HistogramBin
{
    public double Gradient;
    public double Hessian;
    public int Count;
}
