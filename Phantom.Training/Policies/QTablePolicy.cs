using Phantom.Streams.Randomness;
using Phantom.Training.Simulation;

namespace Phantom.Training.Policies;

/// <summary>
/// The qtable tier of section 6: the state is (mean q̃, std q̃, mean p) digitised against interior edges evenly spaced
/// over [0, 100] (demand) and [price-min, price-max] (price); ε-greedy Q-learning while training, greedy afterwards.
/// </summary>
public sealed class QTablePolicy : IPricingAgent
{
    /// <summary>The table file of a Q-table policy artifact (what <c>phantom train policy</c> writes and the registry loads).</summary>
    public const string ArtifactFile = "qtable.bin";

    private readonly QTableOptions _q;
    private readonly double[] _demandEdges;
    private readonly double[] _priceEdges;
    private readonly int _bins;
    private readonly int _actions;
    private readonly double[] _table;

    public QTablePolicy(SimulatorOptions options, QTableOptions? qOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _q = qOptions ?? new QTableOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_q.InteriorBins);
        _demandEdges = InteriorEdges(0, 100, _q.InteriorBins);
        _priceEdges = InteriorEdges(options.PriceMin, options.PriceMax, _q.InteriorBins);
        _bins = _q.InteriorBins + 1;
        _actions = options.ActionLevels;
        _table = new double[_bins * _bins * _bins * _actions];
    }

    public string Name => "qtable";

    /// <summary>Number of discrete states.</summary>
    public int StateCount => _bins * _bins * _bins;

    /// <summary>ε at the end of the last training run.</summary>
    public double Epsilon { get; private set; }

    /// <summary>Q(state, action).</summary>
    public double Value(int state, int action) => _table[(state * _actions) + action];

    /// <summary>The digitised state of an observation.</summary>
    public int Encode(ReadOnlySpan<double> observation)
    {
        var demand = SimulatorObservation.Demand(observation);
        var prices = SimulatorObservation.Prices(observation);
        var meanBin = Digitize(SimulatorObservation.Mean(demand), _demandEdges);
        var stdBin = Digitize(SimulatorObservation.Std(demand), _demandEdges);
        var priceBin = Digitize(SimulatorObservation.Mean(prices), _priceEdges);
        return (((meanBin * _bins) + stdBin) * _bins) + priceBin;
    }

    public void Train(MarketSimulator environment, long timesteps, long seed)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.ActionCount != _actions)
        {
            throw new ArgumentException($"the simulator has {environment.ActionCount} actions; this table was built for {_actions}");
        }

        var episodes = new SeededRandom(seed);
        var explore = episodes.Fork();
        var epsilon = _q.EpsilonStart;
        var state = Encode(environment.Reset((long)episodes.NextUInt64()));
        for (long t = 0; t < timesteps; t++)
        {
            var action = explore.NextDouble() < epsilon ? explore.NextInt(_actions) : Greedy(state);
            var result = environment.Step(action);
            var next = Encode(environment.Observation);

            // A time-limit cut is not a terminal state: bootstrap through it.
            var target = result.Reward + (result.Terminated ? 0.0 : _q.Gamma * _table[(next * _actions) + Greedy(next)]);
            ref var q = ref _table[(state * _actions) + action];
            q += _q.LearningRate * (target - q);

            epsilon = Math.Max(_q.EpsilonMin, epsilon * _q.EpsilonDecay);
            state = result.Done ? Encode(environment.Reset((long)episodes.NextUInt64())) : next;
        }

        Epsilon = epsilon;
    }

    public int Act(ReadOnlySpan<double> observation) => Greedy(Encode(observation));

    /// <summary>Writes the table ("PHQ1", bins, actions, then Q values row by row) so a trained tier can be reloaded.</summary>
    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("PHQ1"u8);
        writer.Write(_bins);
        writer.Write(_actions);
        foreach (var q in _table)
        {
            writer.Write(q);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote; the bin count and action count must match this table.</summary>
    public void Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (!reader.ReadBytes(4).AsSpan().SequenceEqual("PHQ1"u8))
        {
            throw new InvalidDataException($"{path} is not a Q-table file (bad magic)");
        }

        var bins = reader.ReadInt32();
        var actions = reader.ReadInt32();
        if (bins != _bins || actions != _actions)
        {
            throw new InvalidDataException($"{path} holds a {bins}-bin, {actions}-action table; this policy has {_bins} bins and {_actions} actions");
        }

        for (var i = 0; i < _table.Length; i++)
        {
            _table[i] = reader.ReadDouble();
        }
    }

    /// <summary>numpy's digitize (right = false): the number of edges ≤ x.</summary>
    public static int Digitize(double x, ReadOnlySpan<double> edges)
    {
        var bin = 0;
        while (bin < edges.Length && edges[bin] <= x)
        {
            bin++;
        }

        return bin;
    }

    /// <summary>linspace(lo, hi, interior + 2) without its two ends.</summary>
    public static double[] InteriorEdges(double lo, double hi, int interior)
    {
        var edges = new double[interior];
        for (var i = 0; i < interior; i++)
        {
            edges[i] = lo + ((hi - lo) * (i + 1) / (interior + 1));
        }

        return edges;
    }

    private int Greedy(int state)
    {
        var row = _table.AsSpan(state * _actions, _actions);
        var best = 0;
        for (var a = 1; a < row.Length; a++)
        {
            if (row[a] > row[best])
            {
                best = a;
            }
        }

        return best;
    }
}
