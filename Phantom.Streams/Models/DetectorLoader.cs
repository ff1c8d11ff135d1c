using Phantom.Streams.Agents;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Models;

/// <summary>
/// Loads the live scorer of a <c>detector</c> artifact: <see cref="ArtifactFiles.DetectorTrees"/> (PHGB1) or
/// <see cref="ArtifactFiles.DetectorLogistic"/> (PHLR1) over the manifest's feature schema, then probes it on a few
/// sessions and refuses it unless every score is a probability.
/// </summary>
public static class DetectorLoader
{
    /// <exception cref="ModelLoadException">No or both model files, a bad format, a schema mismatch, or a probe score outside [0, 1].</exception>
    public static ISessionScorer Load(ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var where = $"detector artifact {artifact.Name} ('{artifact.Directory}')";
        var trees = artifact.Has(ArtifactFiles.DetectorTrees);
        var logistic = artifact.Has(ArtifactFiles.DetectorLogistic);
        if (trees == logistic)
        {
            throw new ModelLoadException(
                $"{where}: it must list exactly one of {ArtifactFiles.DetectorTrees} or {ArtifactFiles.DetectorLogistic} in 'files'");
        }

        var file = trees ? ArtifactFiles.DetectorTrees : ArtifactFiles.DetectorLogistic;
        var features = FeatureSelection.Resolve(artifact.FeatureSchema, where);
        ISessionScorer scorer;
        try
        {
            using var stream = File.OpenRead(artifact.PathOf(file));
            if (trees)
            {
                scorer = new TreeEnsembleScorer(TreeEnsemble.Read(stream), features);
            }
            else
            {
                var (intercept, coefficients) = LogisticScorer.Read(stream);
                scorer = new LogisticScorer(intercept, coefficients, features);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ModelLoadException($"{where}: {file}: {e.Message}", e);
        }
        catch (ModelLoadException e)
        {
            throw new ModelLoadException($"{where}: {e.Message}", e);
        }

        Probe(scorer, where);
        return scorer;
    }

    /// <summary>Scores an empty, a human-like and an agent-like session; each must give a finite probability.</summary>
    /// <exception cref="ModelLoadException">A probe score is NaN, infinite or outside [0, 1].</exception>
    public static void Probe(ISessionScorer scorer, string where)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        SessionFeatures[] probes =
        [
            default,
            new() { SessionDurationSec = 420, TotalInteractions = 14, AvgTimeBetweenEvents = 30, StdTimeBetweenEvents = 25, MinTimeBetweenEvents = 2, InteractionVelocity = 2, MaxVelocity5Min = 9, UniquePages = 6, PageViews = 4, ItemViews = 5, CartAdds = 1, HoverEvents = 4, CartToViewRatio = 0.2, HoverIntensity = 0.28, UniqueProductsViewed = 3, ProductViewDepth = 4, AvgPriceSeen = 140, MinPriceSeen = 85, MaxPriceSeen = 280, PriceRange = 195, BrowserFamily = 1, DeltaH = 0.4, DeltaA = 1.2, AgentProbability = 0.3, TransitionEntropy = 0.9 },
            new() { SessionDurationSec = 12, TotalInteractions = 30, AvgTimeBetweenEvents = 0.4, StdTimeBetweenEvents = 0.05, MinTimeBetweenEvents = 0.3, InteractionVelocity = 150, MaxVelocity5Min = 30, UniquePages = 20, PageViews = 10, ItemViews = 18, UniqueProductsViewed = 18, ProductViewDepth = 1, AvgPriceSeen = 200, MinPriceSeen = 85, MaxPriceSeen = 450, PriceRange = 365, IsHeadless = 1, IsAutomation = 1, BrowserFamily = 1, DeltaH = 1.5, DeltaA = 0.3, AgentProbability = 0.77, TransitionEntropy = 0.5 },
        ];
        foreach (var probe in probes)
        {
            var score = scorer.Score(in probe);
            if (!(score is >= 0 and <= 1))
            {
                throw new ModelLoadException($"{where}: scores a probe session {score}; a detector must give a probability in [0, 1]");
            }
        }
    }
}
