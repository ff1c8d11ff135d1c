namespace Phantom.Training.Learning;

/// <summary>Updates a fixed set of parameters from their accumulated gradients.</summary>
public interface IOptimizer
{
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Applies one update (clipping first when configured). Does not clear gradients.</summary>
    void Step();

    /// <summary>Clears every parameter's gradient.</summary>
    void ZeroGradients();
}
