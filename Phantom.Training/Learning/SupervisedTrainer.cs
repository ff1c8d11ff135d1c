using Phantom.Streams.Randomness;

namespace Phantom.Training.Learning;

/// <summary>Trains any network on (inputs, targets) with shuffled mini-batches and Adam.</summary>
public static class SupervisedTrainer
{
    /// <summary>
    /// Trains <paramref name="network"/> in place; returns the mean training loss of each epoch.
    /// <paramref name="targets"/> has one row per input row and as many columns as the network's output.
    /// </summary>
    public static IReadOnlyList<double> Fit(ILayer network, Matrix inputs, Matrix targets, SupervisedTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        if (inputs.Rows != targets.Rows)
        {
            throw new ArgumentException("Inputs and targets need the same number of rows.", nameof(targets));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        var optimizer = new Adam(network.Parameters, options.Adam);
        var random = new SeededRandom(options.Seed);
        var order = new int[inputs.Rows];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Matrix? batchX = null;
        Matrix? batchY = null;
        Matrix? gradient = null;
        var history = new List<double>(options.Epochs);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            Shuffle.InPlace(order.AsSpan(), random);
            var epochLoss = 0.0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var indices = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start));
                batchX = inputs.GatherRows(indices, batchX);
                batchY = targets.GatherRows(indices, batchY);
                var output = network.Forward(batchX);
                gradient = Matrix.Ensure(gradient, output.Rows, output.Columns);
                var loss = options.Loss == SupervisedLoss.BinaryCrossEntropy
                    ? Losses.BinaryCrossEntropyWithLogits(output.Values, batchY.Values, gradient.Values)
                    : Losses.MeanSquaredError(output.Values, batchY.Values, gradient.Values);
                optimizer.ZeroGradients();
                network.Backward(gradient);
                optimizer.Step();
                epochLoss += loss * indices.Length;
            }

            history.Add(epochLoss / Math.Max(1, order.Length));
        }

        return history;
    }
}
