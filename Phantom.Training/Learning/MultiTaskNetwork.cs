using Phantom.Streams.Randomness;

namespace Phantom.Training.Learning;

/// <summary>
/// A shared session encoder with two heads: logit P(agent | features) and logit P(purchase | features, price).
/// The price enters only the purchase head (concatenated to the encoding) so the encoder learns a price-free session
/// representation that serves both tasks; the encoder's gradient is the sum of both heads' gradients.
/// Prices should be on a unit-ish scale (e.g. price / reference price); the network does not rescale them.
/// </summary>
public sealed class MultiTaskNetwork
{
    private readonly Parameter[] _parameters;
    private Matrix? _purchaseInput;
    private Matrix? _encodingGradient;

    public MultiTaskNetwork(MultiTaskNetworkOptions options, IMatrixOps? ops = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EncoderHiddenSizes.Count == 0)
        {
            throw new ArgumentException("The encoder needs at least one hidden layer.", nameof(options));
        }

        Options = options;
        var seeds = new SeededRandom(options.Seed);
        var encoderLayers = new List<ILayer>();
        var width = options.InputSize;
        var random = seeds.Fork();
        for (var i = 0; i < options.EncoderHiddenSizes.Count; i++)
        {
            var dense = new DenseLayer(width, options.EncoderHiddenSizes[i], ops, $"encoder.{i}");
            dense.Initialize(options.Activation == Activation.Relu ? WeightInitialization.HeNormal : WeightInitialization.XavierUniform, random);
            encoderLayers.Add(dense);
            encoderLayers.Add(Mlp.CreateActivation(options.Activation));
            width = options.EncoderHiddenSizes[i];
        }

        EncodingSize = width;
        Encoder = new Sequential([.. encoderLayers]);
        AgentHead = Mlp.Create(EncodingSize, options.AgentHeadHiddenSizes, 1, options.Activation, (long)seeds.NextUInt64(), "agent", ops);
        PurchaseHead = Mlp.Create(EncodingSize + 1, options.PurchaseHeadHiddenSizes, 1, options.Activation, (long)seeds.NextUInt64(), "purchase", ops);
        _parameters = [.. Encoder.Parameters, .. AgentHead.Parameters, .. PurchaseHead.Parameters];
    }

    public MultiTaskNetworkOptions Options { get; }

    public int EncodingSize { get; }

    public Sequential Encoder { get; }

    public Sequential AgentHead { get; }

    public Sequential PurchaseHead { get; }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>
    /// Forward pass; returns ([n x 1] agent logits, [n x 1] purchase logits), both owned by the network and
    /// overwritten by the next call.
    /// </summary>
    public (Matrix AgentLogits, Matrix PurchaseLogits) Forward(Matrix features, ReadOnlySpan<float> prices)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (prices.Length != features.Rows)
        {
            throw new ArgumentException("One price per row is required.", nameof(prices));
        }

        var encoding = Encoder.Forward(features);
        var agent = AgentHead.Forward(encoding);
        _purchaseInput = Matrix.Ensure(_purchaseInput, features.Rows, EncodingSize + 1);
        for (var r = 0; r < features.Rows; r++)
        {
            var row = _purchaseInput.Row(r);
            encoding.Row(r).CopyTo(row);
            row[EncodingSize] = prices[r];
        }

        var purchase = PurchaseHead.Forward(_purchaseInput);
        return (agent, purchase);
    }

    /// <summary>Back-propagates dLoss/dAgentLogits and dLoss/dPurchaseLogits; accumulates all parameter gradients.</summary>
    public void Backward(Matrix agentLogitGradient, Matrix purchaseLogitGradient)
    {
        ArgumentNullException.ThrowIfNull(agentLogitGradient);
        ArgumentNullException.ThrowIfNull(purchaseLogitGradient);
        var fromAgent = AgentHead.Backward(agentLogitGradient);
        var fromPurchase = PurchaseHead.Backward(purchaseLogitGradient);
        _encodingGradient = Matrix.Ensure(_encodingGradient, fromAgent.Rows, EncodingSize);
        for (var r = 0; r < fromAgent.Rows; r++)
        {
            var target = _encodingGradient.Row(r);
            var a = fromAgent.Row(r);
            var p = fromPurchase.Row(r)[..EncodingSize];
            for (var c = 0; c < EncodingSize; c++)
            {
                target[c] = a[c] + p[c];
            }
        }

        Encoder.Backward(_encodingGradient);
    }

    public void ZeroGradients()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGradient();
        }
    }

    /// <summary>P(agent) per row.</summary>
    public float[] PredictAgentProbabilities(Matrix features)
    {
        var prices = new float[features.Rows];
        var (agent, _) = Forward(features, prices);
        return ToProbabilities(agent);
    }

    /// <summary>P(purchase | price) per row.</summary>
    public float[] PredictPurchaseProbabilities(Matrix features, ReadOnlySpan<float> prices)
    {
        var (_, purchase) = Forward(features, prices);
        return ToProbabilities(purchase);
    }

    public void Save(string path) => ModelWeights.Save(path, _parameters);

    public void Load(string path) => ModelWeights.Load(path, _parameters);

    private static float[] ToProbabilities(Matrix logits)
    {
        var result = new float[logits.Rows];
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = (float)Losses.Sigmoid(logits[r, 0]);
        }

        return result;
    }
}
