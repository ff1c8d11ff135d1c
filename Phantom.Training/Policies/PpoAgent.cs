using System.Text;
using Phantom.Streams.Randomness;
using Phantom.Training.Learning;
using Phantom.Training.Simulation;

namespace Phantom.Training.Policies;

/// <summary>
/// The ppo tier of section 6: PPO with a categorical actor and a state-value critic, separate 64-64 ReLU networks, each
/// with its own Adam; rollouts of n_steps, GAE, clipped surrogate, mini-batch epochs. Observations are standardised by
/// running mean/variance (frozen after training and saved with the weights) and training rewards are scaled by the
/// running std of the discounted return. Acting is greedy (argmax of the logits). Deterministic for a seed: every draw
/// comes from <see cref="SeededRandom"/> streams forked from the training seed and the arithmetic is single-threaded.
/// Robust (defended) training is training on a simulator in robust mode.
/// </summary>
/// <remarks>
/// Rollouts allocate nothing per step (batch-of-one forward passes reuse the layers' buffers); updates run batched
/// forward and backward passes over gathered mini-batches.
/// </remarks>
public sealed class PpoAgent : IPricingAgent
{
    /// <summary>The weights file of a PPO policy artifact (what <c>phantom train policy</c> writes and the registry loads).</summary>
    public const string ArtifactFile = "policy.phw";

    private const double RewardClip = 10.0;
    private static readonly byte[] NormaliserMagic = "PPON"u8.ToArray();

    private readonly PpoOptions _ppo;
    private readonly int _observationSize;
    private readonly int _actions;
    private readonly RunningMeanStd _observationStats;
    private readonly Matrix _single;
    private readonly float[] _normalised;
    private Sequential _actor;
    private Sequential _critic;

    public PpoAgent(SimulatorOptions options, PpoOptions? ppoOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ppo = ppoOptions ?? new PpoOptions();
        _ppo.Validate();
        _observationSize = SimulatorObservation.Size(options.ProductCount);
        _actions = options.ActionLevels;
        _observationStats = new RunningMeanStd(_observationSize);
        _single = new Matrix(1, _observationSize);
        _normalised = new float[_observationSize];
        (_actor, _critic) = CreateNetworks(0);
    }

    public string Name => "ppo";

    /// <summary>Observation width the networks take (2n + 4).</summary>
    public int ObservationSize => _observationSize;

    public int ActionCount => _actions;

    /// <summary>Running observation statistics (frozen outside training).</summary>
    public RunningMeanStd ObservationStatistics => _observationStats;

    /// <summary>Actor then critic parameters (what <see cref="Save(string)"/> writes).</summary>
    public IReadOnlyList<Parameter> Parameters => [.. _actor.Parameters, .. _critic.Parameters];

    /// <summary>Called after every rollout-and-update (progress lines).</summary>
    public Action<PpoUpdateStats>? OnUpdate { get; set; }

    /// <summary>Statistics of the last update of the last training run.</summary>
    public PpoUpdateStats LastUpdate { get; private set; }

    public void Train(MarketSimulator environment, long timesteps, long seed)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfNegative(timesteps);
        if (environment.ObservationSize != _observationSize || environment.ActionCount != _actions)
        {
            throw new ArgumentException(
                $"the simulator has observation size {environment.ObservationSize} and {environment.ActionCount} actions; this agent was built for {_observationSize} and {_actions}");
        }

        var root = new SeededRandom(seed);
        (_actor, _critic) = CreateNetworks((long)root.NextUInt64());
        var episodes = root.Fork();
        var sampling = root.Fork();
        var shuffling = root.Fork();
        _observationStats.Set(new double[_observationSize], Enumerable.Repeat(1.0, _observationSize).ToArray(), 1e-4);
        var returnStats = new RunningMeanStd(1);
        var actorOptimizer = new Adam(_actor.Parameters, OptimizerOptions());
        var criticOptimizer = new Adam(_critic.Parameters, OptimizerOptions());

        var steps = (int)Math.Min(_ppo.RolloutSteps, Math.Max(timesteps, 1));
        var buffer = new PpoRolloutBuffer(steps, _observationSize);
        var trainer = new Trainer(this, buffer, actorOptimizer, criticOptimizer, shuffling);
        var updates = timesteps == 0 ? 0 : (timesteps + steps - 1) / steps;

        environment.Reset((long)episodes.NextUInt64());
        var discountedReturn = 0.0;
        var episodeReward = 0.0;
        long done = 0;
        for (var u = 0; u < updates; u++)
        {
            var finishedSum = 0.0;
            var finished = 0;
            for (var t = 0; t < steps; t++)
            {
                var row = buffer.Observations.Row(t);
                if (_ppo.NormalizeObservations)
                {
                    _observationStats.Update(environment.Observation);
                }

                NormaliseInto(environment.Observation, row);
                row.CopyTo(_single.Row(0));
                var logits = _actor.Forward(_single).Row(0);
                var action = Categorical.Sample(logits, sampling);
                buffer.Actions[t] = action;
                buffer.LogProbabilities[t] = (float)Categorical.LogProbability(logits, action);
                buffer.Values[t] = _critic.Forward(_single)[0, 0];

                var result = environment.Step(action);
                episodeReward += result.Reward;
                var reward = result.Reward;
                if (_ppo.NormalizeRewards)
                {
                    discountedReturn = (discountedReturn * _ppo.Gamma) + reward;
                    returnStats.Update(discountedReturn);
                    reward = Math.Clamp(reward / Math.Sqrt(returnStats.Variance[0] + 1e-8), -RewardClip, RewardClip);
                }

                if (result.Truncated)
                {
                    // A time-limit cut is not a terminal state: bootstrap through it with V(s_final).
                    reward += _ppo.Gamma * Value(environment.Observation);
                }

                buffer.Rewards[t] = (float)reward;
                buffer.Dones[t] = result.Done;
                if (result.Done)
                {
                    finishedSum += episodeReward;
                    finished++;
                    episodeReward = 0;
                    discountedReturn = 0;
                    environment.Reset((long)episodes.NextUInt64());
                }
            }

            done += steps;
            buffer.ComputeAdvantages(buffer.Dones[^1] ? 0.0 : Value(environment.Observation), _ppo.Gamma, _ppo.GaeLambda);
            var stats = trainer.Update();
            LastUpdate = stats with
            {
                Update = u + 1,
                Timesteps = done,
                MeanEpisodeReward = finished > 0 ? finishedSum / finished : double.NaN,
                EpisodesFinished = finished,
            };
            OnUpdate?.Invoke(LastUpdate);
        }
    }

    public int Act(ReadOnlySpan<double> observation)
    {
        NormaliseInto(observation, _single.Row(0));
        return Categorical.ArgMax(_actor.Forward(_single).Row(0));
    }

    /// <summary>The actor's action probabilities for an observation (diagnostics, model explanations).</summary>
    public float[] ActionProbabilities(ReadOnlySpan<double> observation)
    {
        NormaliseInto(observation, _single.Row(0));
        var probabilities = new float[_actions];
        Categorical.Softmax(_actor.Forward(_single).Row(0), probabilities);
        return probabilities;
    }

    /// <summary>The critic's value of an observation (in scaled-reward units when rewards were normalised).</summary>
    public double Value(ReadOnlySpan<double> observation)
    {
        NormaliseInto(observation, _single.Row(0));
        return _critic.Forward(_single)[0, 0];
    }

    /// <summary>Writes the actor and critic weights (PHW1) followed by the observation statistics.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelWeights.Save(stream, Parameters);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(NormaliserMagic);
        writer.Write(_observationSize);
        writer.Write(_observationStats.Count);
        foreach (var m in _observationStats.Mean)
        {
            writer.Write(m);
        }

        foreach (var v in _observationStats.Variance)
        {
            writer.Write(v);
        }
    }

    /// <summary>Reads what <see cref="Save(Stream)"/> wrote; the architecture must match (it fails loudly otherwise).</summary>
    public void Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelWeights.Load(stream, Parameters);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(NormaliserMagic.Length).AsSpan().SequenceEqual(NormaliserMagic))
        {
            throw new InvalidDataException("not a PPO agent file: the observation statistics are missing");
        }

        var size = reader.ReadInt32();
        if (size != _observationSize)
        {
            throw new InvalidDataException($"the file's observation size is {size}; this agent takes {_observationSize}");
        }

        var count = reader.ReadDouble();
        var mean = new double[size];
        var variance = new double[size];
        for (var i = 0; i < size; i++)
        {
            mean[i] = reader.ReadDouble();
        }

        for (var i = 0; i < size; i++)
        {
            variance[i] = reader.ReadDouble();
        }

        _observationStats.Set(mean, variance, count);
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    public void Load(string path)
    {
        using var stream = File.OpenRead(path);
        Load(stream);
    }

    private AdamOptions OptimizerOptions() => new()
    {
        LearningRate = _ppo.LearningRate,
        Epsilon = 1e-5,
        MaxGradientNorm = _ppo.MaxGradientNorm > 0 ? _ppo.MaxGradientNorm : null,
    };

    private (Sequential Actor, Sequential Critic) CreateNetworks(long seed)
    {
        var random = new SeededRandom(seed);
        var actor = Mlp.Create(_observationSize, _ppo.HiddenSizes, _actions, Activation.Relu, (long)random.NextUInt64(), "actor");
        var critic = Mlp.Create(_observationSize, _ppo.HiddenSizes, 1, Activation.Relu, (long)random.NextUInt64(), "critic");

        // A near-zero policy head starts the actor near uniform (SB3 initialises it with gain 0.01), so early rollouts explore.
        var head = (DenseLayer)actor.Layers[^1];
        foreach (ref var w in head.Weights.Value.AsSpan())
        {
            w *= 0.01f;
        }

        return (actor, critic);
    }

    private void NormaliseInto(ReadOnlySpan<double> observation, Span<float> destination)
    {
        if (observation.Length != _observationSize)
        {
            throw new ArgumentException($"expected an observation of {_observationSize} values, got {observation.Length}", nameof(observation));
        }

        if (_ppo.NormalizeObservations)
        {
            _observationStats.Normalize(observation, destination);
        }
        else
        {
            for (var i = 0; i < observation.Length; i++)
            {
                destination[i] = (float)observation[i];
            }
        }
    }

    /// <summary>The update half of PPO, with every buffer it needs allocated once per training run.</summary>
    private sealed class Trainer
    {
        private readonly PpoAgent _agent;
        private readonly PpoRolloutBuffer _buffer;
        private readonly Adam _actorOptimizer;
        private readonly Adam _criticOptimizer;
        private readonly SeededRandom _random;
        private readonly int[] _order;
        private readonly int _batch;
        private readonly float[] _batchAdvantages;
        private Matrix? _batchObservations;
        private Matrix? _logitGradient;
        private Matrix? _valueGradient;

        public Trainer(PpoAgent agent, PpoRolloutBuffer buffer, Adam actorOptimizer, Adam criticOptimizer, SeededRandom random)
        {
            _agent = agent;
            _buffer = buffer;
            _actorOptimizer = actorOptimizer;
            _criticOptimizer = criticOptimizer;
            _random = random;
            _order = new int[buffer.Length];
            _batch = Math.Min(agent._ppo.BatchSize, buffer.Length);
            _batchAdvantages = new float[_batch];
        }

        public PpoUpdateStats Update()
        {
            var ppo = _agent._ppo;
            var actions = _agent._actions;
            double policyLoss = 0, valueLoss = 0, entropy = 0, kl = 0, clipped = 0;
            long samples = 0;
            var batches = 0;
            for (var i = 0; i < _order.Length; i++)
            {
                _order[i] = i;
            }

            for (var epoch = 0; epoch < ppo.Epochs; epoch++)
            {
                Shuffle.InPlace(_order.AsSpan(), _random);
                for (var start = 0; start < _order.Length; start += _batch)
                {
                    var indices = _order.AsSpan(start, Math.Min(_batch, _order.Length - start));
                    var size = indices.Length;
                    _batchObservations = _buffer.Observations.GatherRows(indices, _batchObservations);
                    PrepareAdvantages(indices, ppo.NormalizeAdvantages);

                    // Actor: clipped surrogate minus the entropy bonus, as gradients on the logits.
                    var logits = _agent._actor.Forward(_batchObservations);
                    _logitGradient = Matrix.Ensure(_logitGradient, size, actions);
                    _logitGradient.Clear();
                    var inverse = 1f / size;
                    for (var r = 0; r < size; r++)
                    {
                        var k = indices[r];
                        var row = logits.Row(r);
                        var action = _buffer.Actions[k];
                        var logProbability = Categorical.LogProbability(row, action);
                        var old = _buffer.LogProbabilities[k];
                        var (loss, gradient, wasClipped) = PpoMath.ClippedSurrogate(logProbability, old, _batchAdvantages[r], ppo.ClipRange);
                        policyLoss += loss;
                        clipped += wasClipped ? 1 : 0;
                        kl += old - logProbability;
                        entropy += Categorical.Entropy(row);
                        var g = _logitGradient.Row(r);
                        Categorical.AccumulateLogProbabilityGradient(row, action, (float)gradient * inverse, g);
                        if (ppo.EntropyCoefficient > 0)
                        {
                            Categorical.AccumulateEntropyGradient(row, (float)(-ppo.EntropyCoefficient) * inverse, g);
                        }
                    }

                    _actorOptimizer.ZeroGradients();
                    _agent._actor.Backward(_logitGradient);
                    _actorOptimizer.Step();

                    // Critic: value coefficient × MSE to the GAE returns.
                    var values = _agent._critic.Forward(_batchObservations);
                    _valueGradient = Matrix.Ensure(_valueGradient, size, 1);
                    var scale = (float)(2.0 * ppo.ValueCoefficient / size);
                    for (var r = 0; r < size; r++)
                    {
                        var error = values[r, 0] - _buffer.Returns[indices[r]];
                        valueLoss += error * (double)error;
                        _valueGradient[r, 0] = scale * error;
                    }

                    _criticOptimizer.ZeroGradients();
                    _agent._critic.Backward(_valueGradient);
                    _criticOptimizer.Step();
                    samples += size;
                    batches++;
                }
            }

            var n = Math.Max(samples, 1);
            return new PpoUpdateStats(0, 0, double.NaN, 0, policyLoss / n, valueLoss / n, entropy / n, kl / n, clipped / n);
        }

        private void PrepareAdvantages(ReadOnlySpan<int> indices, bool normalise)
        {
            double mean = 0, squares = 0;
            for (var r = 0; r < indices.Length; r++)
            {
                var a = _buffer.Advantages[indices[r]];
                _batchAdvantages[r] = a;
                mean += a;
            }

            if (!normalise || indices.Length < 2)
            {
                return;
            }

            mean /= indices.Length;
            for (var r = 0; r < indices.Length; r++)
            {
                squares += (_batchAdvantages[r] - mean) * (_batchAdvantages[r] - mean);
            }

            // SB3 divides by the sample standard deviation (torch's std) plus 1e-8.
            var std = Math.Sqrt(squares / (indices.Length - 1));
            for (var r = 0; r < indices.Length; r++)
            {
                _batchAdvantages[r] = (float)((_batchAdvantages[r] - mean) / (std + 1e-8));
            }
        }
    }
}
