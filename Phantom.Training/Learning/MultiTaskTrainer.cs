using Phantom.Streams.Randomness;

namespace Phantom.Training.Learning;

/// <summary>
/// Mini-batch Adam training of a <see cref="MultiTaskNetwork"/> on α·BCE(agent) + β·BCE(purchase), with an optional
/// seeded validation split and early stopping that restores the best epoch's weights.
/// </summary>
public static class MultiTaskTrainer
{
    public static MultiTaskTrainingResult Fit(MultiTaskNetwork network, MultiTaskDataset data, MultiTaskTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        data.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        if (options.ValidationFraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ValidationFraction must be in [0, 1).");
        }

        var random = new SeededRandom(options.Seed);
        var all = Shuffle.Permutation(data.Count, random);
        var validationCount = (int)Math.Round(data.Count * options.ValidationFraction);
        var validation = all[..validationCount];
        var train = all[validationCount..];
        var optimizer = new Adam(network.Parameters, options.Adam);
        var alpha = (float)options.AgentLossWeight;
        var beta = (float)options.PurchaseLossWeight;

        var batch = new BatchBuffers();
        var history = new List<MultiTaskEpoch>();
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = -1;
        float[][]? bestWeights = null;
        var stoppedEarly = false;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            Shuffle.InPlace(train.AsSpan(), random);
            var agentSum = 0.0;
            var purchaseSum = 0.0;
            for (var start = 0; start < train.Length; start += options.BatchSize)
            {
                var indices = train.AsSpan(start, Math.Min(options.BatchSize, train.Length - start));
                batch.Load(data, indices);
                var (agentLogits, purchaseLogits) = network.Forward(batch.Features!, batch.Prices);
                var agentLoss = Losses.BinaryCrossEntropyWithLogits(agentLogits.Values, batch.AgentLabels, batch.AgentGradient!.Values);
                var purchaseLoss = Losses.BinaryCrossEntropyWithLogits(purchaseLogits.Values, batch.PurchaseLabels, batch.PurchaseGradient!.Values, batch.PurchaseMask);
                System.Numerics.Tensors.TensorPrimitives.Multiply(batch.AgentGradient.Values, alpha, batch.AgentGradient.Values);
                System.Numerics.Tensors.TensorPrimitives.Multiply(batch.PurchaseGradient.Values, beta, batch.PurchaseGradient.Values);
                optimizer.ZeroGradients();
                network.Backward(batch.AgentGradient, batch.PurchaseGradient);
                optimizer.Step();
                agentSum += agentLoss * indices.Length;
                purchaseSum += purchaseLoss * indices.Length;
            }

            var trainCount = Math.Max(1, train.Length);
            var validationLosses = validation.Length > 0 ? Evaluate(network, data, validation) : new MultiTaskLosses(double.NaN, double.NaN);
            var validationTotal = validationLosses.Total(options.AgentLossWeight, options.PurchaseLossWeight);
            history.Add(new MultiTaskEpoch(epoch, agentSum / trainCount, purchaseSum / trainCount, validationLosses.Agent, validationLosses.Purchase, validationTotal));
            options.EpochCompleted?.Invoke(history[^1]);

            if (validation.Length > 0 && options.EarlyStoppingPatience is { } patience)
            {
                if (validationTotal < bestLoss)
                {
                    bestLoss = validationTotal;
                    bestEpoch = epoch;
                    bestWeights = ModelWeights.Snapshot(network.Parameters);
                }
                else if (epoch - bestEpoch >= patience)
                {
                    stoppedEarly = true;
                    break;
                }
            }
        }

        if (bestWeights is not null)
        {
            ModelWeights.Restore(network.Parameters, bestWeights);
            return new MultiTaskTrainingResult(history, bestEpoch, stoppedEarly);
        }

        return new MultiTaskTrainingResult(history, history.Count - 1, stoppedEarly);
    }

    /// <summary>Mean losses over all rows of <paramref name="data"/>.</summary>
    public static MultiTaskLosses Evaluate(MultiTaskNetwork network, MultiTaskDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var all = new int[data.Count];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        return Evaluate(network, data, all);
    }

    private static MultiTaskLosses Evaluate(MultiTaskNetwork network, MultiTaskDataset data, int[] rows)
    {
        const int chunk = 1024;
        var batch = new BatchBuffers();
        double agentSum = 0, purchaseSum = 0, purchaseWeight = 0;
        for (var start = 0; start < rows.Length; start += chunk)
        {
            var indices = rows.AsSpan(start, Math.Min(chunk, rows.Length - start));
            batch.Load(data, indices);
            var (agentLogits, purchaseLogits) = network.Forward(batch.Features!, batch.Prices);
            agentSum += Losses.BinaryCrossEntropyWithLogits(agentLogits.Values, batch.AgentLabels, batch.AgentGradient!.Values) * indices.Length;
            var w = batch.PurchaseMask.IsEmpty ? indices.Length : Sum(batch.PurchaseMask);
            purchaseSum += Losses.BinaryCrossEntropyWithLogits(purchaseLogits.Values, batch.PurchaseLabels, batch.PurchaseGradient!.Values, batch.PurchaseMask) * w;
            purchaseWeight += w;
        }

        return new MultiTaskLosses(agentSum / Math.Max(1, rows.Length), purchaseWeight > 0 ? purchaseSum / purchaseWeight : 0);
    }

    private static double Sum(ReadOnlySpan<float> values)
    {
        var s = 0.0;
        foreach (var v in values)
        {
            s += v;
        }

        return s;
    }

    /// <summary>Reused per-batch buffers, so an epoch allocates only when the batch shape grows.</summary>
    private sealed class BatchBuffers
    {
        private float[] _prices = [];
        private float[] _agent = [];
        private float[] _purchase = [];
        private float[] _mask = [];
        private int _count;
        private bool _masked;

        public Matrix? Features { get; private set; }

        public Matrix? AgentGradient { get; private set; }

        public Matrix? PurchaseGradient { get; private set; }

        public ReadOnlySpan<float> Prices => _prices.AsSpan(0, _count);

        public ReadOnlySpan<float> AgentLabels => _agent.AsSpan(0, _count);

        public ReadOnlySpan<float> PurchaseLabels => _purchase.AsSpan(0, _count);

        public ReadOnlySpan<float> PurchaseMask => _masked ? _mask.AsSpan(0, _count) : default;

        public void Load(MultiTaskDataset data, ReadOnlySpan<int> indices)
        {
            _count = indices.Length;
            _masked = data.PurchaseMask is not null;
            if (_prices.Length < _count)
            {
                _prices = new float[_count];
                _agent = new float[_count];
                _purchase = new float[_count];
                _mask = new float[_count];
            }

            Features = data.Features.GatherRows(indices, Features);
            for (var i = 0; i < indices.Length; i++)
            {
                var row = indices[i];
                _prices[i] = data.Prices[row];
                _agent[i] = data.AgentLabels[row];
                _purchase[i] = data.PurchaseLabels[row];
                _mask[i] = data.PurchaseMask?[row] ?? 1f;
            }

            AgentGradient = Matrix.Ensure(AgentGradient, _count, 1);
            PurchaseGradient = Matrix.Ensure(PurchaseGradient, _count, 1);
        }
    }
}
