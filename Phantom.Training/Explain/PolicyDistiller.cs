using System.Globalization;
using Phantom.Streams.Randomness;
using Phantom.Training.Learning;
using Phantom.Training.Policies;

namespace Phantom.Training.Explain;

/// <summary>
/// Explains a pricing policy by distillation: sample observations, ask the policy for its action on each, fit a
/// depth-limited CART classifier from <see cref="ObservationFeatures"/> to the action, and report the tree's rules and
/// its fidelity on held-out samples. Works for any <see cref="IPricingAgent"/> (rule tiers, Q-table, PPO).
/// </summary>
public static class PolicyDistiller
{
    /// <param name="policy">The policy to explain (queried with <see cref="IPricingAgent.Act"/> only).</param>
    /// <param name="sampler">Where observations come from.</param>
    /// <param name="actionScales">The price scale of each action, for the rules' wording.</param>
    /// <param name="options">Samples, held-out share, tree limits, seed.</param>
    public static PolicyExplanation Explain(IPricingAgent policy, IObservationSampler sampler, IReadOnlyList<double> actionScales, DistillationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(actionScales);
        options ??= new DistillationOptions();
        options.Validate();
        var observations = sampler.Sample(policy, options.Samples, options.Seed);
        var rows = new double[observations.Count][];
        var actions = new int[observations.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = ObservationFeatures.From(observations[i]);
            actions[i] = policy.Act(observations[i]);
            if (actions[i] < 0 || actions[i] >= actionScales.Count)
            {
                throw new InvalidOperationException($"policy '{policy.Name}' returned action {actions[i]}; it has {actionScales.Count} actions");
            }
        }

        // Shuffle before the split: consecutive samples come from one episode and are strongly correlated.
        var order = Shuffle.Permutation(rows.Length, new SeededRandom(options.Seed ^ 0x5EED));
        var heldOut = Math.Max(1, (int)Math.Round(rows.Length * options.HeldOutShare));
        var train = order[heldOut..];
        var test = order[..heldOut];

        var names = ObservationFeatures.Names(sampler.ProductCount);
        var tree = CartClassifier.Fit(train.Select(i => rows[i]).ToArray(), train.Select(i => actions[i]).ToArray(), actionScales.Count, names, options.Tree);
        var labels = actionScales.Select(s => "scale " + s.ToString("0.###", CultureInfo.InvariantCulture)).ToArray();
        var shares = new double[actionScales.Count];
        foreach (var a in actions)
        {
            shares[a] += 1.0 / actions.Length;
        }

        return new PolicyExplanation
        {
            Policy = policy.Name,
            Tree = tree,
            Rules = tree.Rules(a => labels[a]),
            Fidelity = Agreement(tree, rows, actions, test),
            TrainingAgreement = Agreement(tree, rows, actions, train),
            TrainingSamples = train.Length,
            HeldOutSamples = test.Length,
            ActionShares = shares,
            ActionLabels = labels,
        };
    }

    private static double Agreement(DecisionTree tree, double[][] rows, int[] actions, int[] subset)
    {
        var agree = subset.Count(i => tree.Predict(rows[i]) == actions[i]);
        return subset.Length == 0 ? double.NaN : (double)agree / subset.Length;
    }
}
