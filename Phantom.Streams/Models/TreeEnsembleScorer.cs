using Phantom.Streams.Agents;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Models;

/// <summary>A promoted gradient-boosted trees detector: the ensemble over the session features its schema names.</summary>
public sealed class TreeEnsembleScorer : ISessionScorer
{
    private const int StackLimit = 256;

    public TreeEnsembleScorer(TreeEnsemble ensemble, FeatureSelection features)
    {
        Ensemble = ensemble ?? throw new ArgumentNullException(nameof(ensemble));
        Features = features ?? throw new ArgumentNullException(nameof(features));
        if (ensemble.FeatureCount != features.Count)
        {
            throw new ModelLoadException($"the trees use {ensemble.FeatureCount} features but the feature_schema names {features.Count}");
        }

        if (features.Count > StackLimit)
        {
            throw new ModelLoadException($"a detector may use at most {StackLimit} features, this one uses {features.Count}");
        }
    }

    public TreeEnsemble Ensemble { get; }

    public FeatureSelection Features { get; }

    public string Description => $"gbt, {Ensemble.TreeCount} trees over {Features.Count} features";

    public double Score(in SessionFeatures features)
    {
        Span<float> row = stackalloc float[Features.Count];
        Features.Gather(in features, row);
        return Ensemble.PredictProbability(row);
    }
}
