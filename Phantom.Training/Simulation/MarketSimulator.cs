using Phantom.Streams.Agents;
using Phantom.Streams.Demand;
using Phantom.Streams.Events;
using Phantom.Streams.Randomness;

namespace Phantom.Training.Simulation;

/// <summary>
/// The market of PHANTOM-MODEL.md section 5 behind a reset/step API. A step decodes the price action, draws each
/// class's valuations and demand, samples session trajectories over the class kernel expanded over products, turns
/// them into the observed demand q̃ and the mean agent probability f, and scores the reward; in robust mode the market
/// plays the worst α of its grid.
/// </summary>
/// <remarks>
/// Speed: the expanded kernel M[(s,a)→(s',b)] = T[s][s']·c_b factorises, so a step samples the state from a compact
/// kernel row and the product from an alias table over c (rebuilt once per step and class) instead of building the
/// (S·n)² matrix. The robust grid uses common random numbers: one pool of human and one of agent trajectories is sampled
/// per step and candidate α takes its ⌊N·α⌋ agents and N − ⌊N·α⌋ humans from the front of the pools, so K points cost
/// about as much as one and the worst-α choice compares markets rather than sampling noise. f(τ) per trajectory is
/// <see cref="KernelDivergence.AgentProbability"/> on the trajectory's states, memoised by state sequence. No allocation per
/// step once the memo has seen the common sequences.
/// Readings of the spec: the start is uniform over all 18 states × n products, so a session may start (and end) in
/// <c>session_end</c> or another stop state; <c>session_end</c> weighs 0 in q̃ (it is never sent); a checkout for
/// <c>coi_mix</c> is a <c>checkout_start</c> or <c>purchase_complete</c> event on the product (a trajectory has at most one).
/// With <see cref="SimulatorOptions.ZeroDemandJump"/> a session on a product its class has priced out of demand jumps
/// uniformly over all (state, product) pairs, as the original's sampler did.
/// </remarks>
public sealed class MarketSimulator
{
    private const int S = EventNames.StateCount;

    private readonly SimulatorOptions _options;
    private readonly int _n;
    private readonly double[] _scales;
    private readonly double[] _alphaGrid;
    private readonly int[] _agentCounts;
    private readonly int[] _humanCounts;
    private readonly int _humanPool;
    private readonly int _agentPool;
    private readonly double _priceCap;
    private readonly double _prior;
    private readonly RewardFunction _reward;
    private readonly KernelSampler _humanKernel;
    private readonly KernelSampler _agentKernel;
    private readonly TrajectoryScoreCache _scores;
    private readonly AliasTable _humanProducts;
    private readonly AliasTable _agentProducts;
    private readonly bool[] _humanPricedOut;
    private readonly double[] _humanDemand;
    private readonly double[] _agentDemand;
    private readonly bool[] _agentPricedOut;
    private readonly double[] _stateWeight = new double[S];
    private readonly bool[] _stops = new bool[S];
    private readonly bool[] _checkout = new bool[S];

    private readonly double[] _prices;
    private readonly double[] _previousPrices;
    private readonly double[] _observation;
    private readonly double[] _valuations;
    private readonly double[] _noise;
    private readonly double[] _classDemand;
    private readonly double[] _cumulativeDemand;
    private readonly double[] _cumulativeCheckouts;
    private readonly EventName[] _states;
    private readonly int[] _trajectoryProducts;

    // Per class (0 human, 1 agent) and grid point: the pool prefix the candidate uses.
    private readonly double[][] _prefixDemand;
    private readonly double[][] _prefixCheckouts;
    private readonly double[][] _prefixScoreSum;
    private readonly int[][] _prefixScoreCount;

    private readonly double[] _candidateDemand;
    private readonly double[] _candidateReward;
    private readonly double[] _candidateScore;

    private SeededRandom _random = new(0);
    private int _step;
    private int _lowMarginStreak;
    private bool _done = true;
    private List<RecordedTrajectory>? _recorded;

    public MarketSimulator(SimulatorOptions options, AgentOptions? agentOptions = null, DemandOptions? demandOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        agentOptions ??= new AgentOptions();
        demandOptions ??= new DemandOptions();

        _n = _options.ProductCount;
        _scales = _options.ActionScales();
        _alphaGrid = _options.AlphaGrid();
        _agentCounts = new int[_alphaGrid.Length];
        _humanCounts = new int[_alphaGrid.Length];
        for (var k = 0; k < _alphaGrid.Length; k++)
        {
            _agentCounts[k] = AgentSessionCount(_options.Sessions, _alphaGrid[k]);
            _humanCounts[k] = _options.Sessions - _agentCounts[k];
            _humanPool = Math.Max(_humanPool, _humanCounts[k]);
            _agentPool = Math.Max(_agentPool, _agentCounts[k]);
        }

        _priceCap = _options.Decoding == PriceDecoding.Anchored
            ? Math.Min(_options.PriceMax, _options.AnchorCapRatio * _options.AnchorPrice)
            : _options.PriceMax;
        _prior = agentOptions.Prior;
        _reward = new RewardFunction(_options);

        var human = _options.Kernels?.Human ?? agentOptions.HumanKernel();
        var agent = _options.Kernels?.Agent ?? agentOptions.AgentKernel();
        _humanKernel = new KernelSampler(human);
        _agentKernel = new KernelSampler(agent);
        _scores = new TrajectoryScoreCache(human, agent, agentOptions.Temperature, agentOptions.Prior);
        _humanProducts = new AliasTable(_n);
        _agentProducts = new AliasTable(_n);
        _humanPricedOut = new bool[_n];
        _humanDemand = new double[_n];
        _agentDemand = new double[_n];
        _agentPricedOut = new bool[_n];

        for (var s = 0; s < S; s++)
        {
            var name = (EventName)s;
            // session_end is not an event anyone sends: it carries no demand (as the original's terminal weight 0).
            _stateWeight[s] = name == EventName.SessionEnd
                ? 0.0
                : demandOptions.Weights.TryGetValue(name.ToWire(), out var w) ? w : demandOptions.DefaultWeight;
            _stops[s] = name is EventName.CheckoutStart or EventName.PurchaseComplete or EventName.SessionEnd;
            _checkout[s] = name is EventName.CheckoutStart or EventName.PurchaseComplete;
        }

        _prices = new double[_n];
        _previousPrices = new double[_n];
        _observation = new double[SimulatorObservation.Size(_n)];
        _valuations = new double[_n];
        _noise = new double[_n];
        _classDemand = new double[_n];
        _cumulativeDemand = new double[_n];
        _cumulativeCheckouts = new double[_n];
        _states = new EventName[_options.MaxSessionEvents];
        _trajectoryProducts = new int[_options.MaxSessionEvents];

        var k2 = _alphaGrid.Length;
        _prefixDemand = [new double[k2 * _n], new double[k2 * _n]];
        _prefixCheckouts = [new double[k2 * _n], new double[k2 * _n]];
        _prefixScoreSum = [new double[k2], new double[k2]];
        _prefixScoreCount = [new int[k2], new int[k2]];
        _candidateDemand = new double[k2 * _n];
        _candidateReward = new double[k2];
        _candidateScore = new double[k2];
    }

    /// <summary>A copy of the options this simulator runs with.</summary>
    public SimulatorOptions Options => _options.Clone();

    public int ProductCount => _n;

    public int ObservationSize => _observation.Length;

    public int ActionCount => _scales.Length;

    /// <summary>The price scale of each action.</summary>
    public ReadOnlySpan<double> ActionScales => _scales;

    /// <summary>The α values the market chooses from each step (just α0 in baseline mode).</summary>
    public ReadOnlySpan<double> AlphaGrid => _alphaGrid;

    /// <summary>The rewards each grid α would have given on the last step (the market took the smallest).</summary>
    public ReadOnlySpan<double> CandidateRewards => _candidateReward;

    /// <summary>The current observation [q̃ (n), prices (n), f, α_adv, α0, robust radius].</summary>
    public ReadOnlySpan<double> Observation => _observation;

    public ReadOnlySpan<double> Prices => _prices;

    /// <summary>Steps taken in the current episode.</summary>
    public int StepCount => _step;

    public bool IsDone => _done;

    /// <summary>Number of trie nodes of the f(τ) memo (diagnostics).</summary>
    public int CachedSequences => _scores.NodeCount;

    /// <summary>⌊N·α⌋, guarded against α·N landing a hair under an integer in binary (0.29·100 = 28.999…).</summary>
    public static int AgentSessionCount(int sessions, double alpha) =>
        Math.Clamp((int)Math.Floor((sessions * alpha) + 1e-9), 0, sessions);

    /// <summary>Starts an episode: prices uniform in [price-min, price-max], q̃ zero, f the prior.</summary>
    public ReadOnlySpan<double> Reset(long seed)
    {
        _random = new SeededRandom(seed);
        for (var i = 0; i < _n; i++)
        {
            _prices[i] = _options.PriceMin + ((_options.PriceMax - _options.PriceMin) * _random.NextDouble());
        }

        _step = 0;
        _lowMarginStreak = 0;
        _done = false;
        WriteObservation(default, _prior, _options.Alpha);
        return _observation;
    }

    /// <summary>Advances one step with the price scale of <paramref name="action"/>.</summary>
    /// <exception cref="InvalidOperationException">The episode is over (call <see cref="Reset"/>).</exception>
    public StepResult Step(int action)
    {
        if (_done)
        {
            throw new InvalidOperationException("the episode is over: call Reset(seed) first");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, _scales.Length);

        DecodePrices(_scales[action]);
        var movement = _reward.Movement(_prices, _previousPrices);

        // Valuations and demand per class, then the product factor c = d/Σd of each class's expanded kernel.
        ClassDemand(_options.HumanValuationMean, _options.HumanValuationStd);
        _humanProducts.Build(_classDemand);
        MarkPricedOut(_classDemand, _humanPricedOut);
        _classDemand.CopyTo(_humanDemand, 0);
        ClassDemand(_options.AgentValuationMean, _options.AgentValuationStd);
        _agentProducts.Build(_classDemand);
        MarkPricedOut(_classDemand, _agentPricedOut);
        _classDemand.CopyTo(_agentDemand, 0);

        SamplePool(0, _humanKernel, _humanProducts, _humanPricedOut, _humanPool, _humanCounts);
        SamplePool(1, _agentKernel, _agentProducts, _agentPricedOut, _agentPool, _agentCounts);

        var chosen = 0;
        RewardTerms chosenTerms = default;
        for (var k = 0; k < _alphaGrid.Length; k++)
        {
            var terms = EvaluateCandidate(k, movement);
            _candidateReward[k] = terms.Reward;
            if (k == 0 || terms.Reward < chosenTerms.Reward)
            {
                chosen = k;
                chosenTerms = terms;
            }
        }

        if (_options.RobustAdversary == RobustAdversary.Proxy && _alphaGrid.Length > 1)
        {
            // The original's JAX adversary: α chosen on the closed-form proxy, independently of the sampled sessions,
            // so the chosen point's own sample is an unbiased market at that α.
            chosen = ProxyWorstAlpha();
            chosenTerms = EvaluateCandidate(chosen, movement);
        }
        else if (_options.RobustFreshDraw && _alphaGrid.Length > 1)
        {
            // The original's two-stage robust step: the worst α is chosen, then the market is sampled afresh at it,
            // so the step does not also keep the unluckiest of the K draws (CandidateRewards keep the selection's).
            SamplePool(0, _humanKernel, _humanProducts, _humanPricedOut, _humanPool, _humanCounts);
            SamplePool(1, _agentKernel, _agentProducts, _agentPricedOut, _agentPool, _agentCounts);
            chosenTerms = EvaluateCandidate(chosen, movement);
        }

        var meanPrice = SimulatorObservation.Mean(_prices);
        var floor = _options.MarginalCost;
        var coiMix = 0.0;
        for (var i = 0; i < _n; i++)
        {
            var checkouts = _prefixCheckouts[0][(chosen * _n) + i] + _prefixCheckouts[1][(chosen * _n) + i];
            coiMix += Math.Max(0.0, _prices[i] - floor) * checkouts;
        }

        var margin = (meanPrice - floor) / Math.Max(meanPrice, 1e-6);
        _lowMarginStreak = margin < _options.MarginFloor ? _lowMarginStreak + 1 : 0;
        _step++;
        var terminated = _lowMarginStreak >= _options.MarginPatience;
        var truncated = !terminated && _step >= _options.MaxSteps;
        _done = terminated || truncated;

        var agentProbability = _candidateScore[chosen];
        WriteObservation(_candidateDemand.AsSpan(chosen * _n, _n), agentProbability, _alphaGrid[chosen]);
        return new StepResult(
            _step,
            chosenTerms.Reward,
            chosenTerms,
            terminated,
            truncated,
            margin,
            meanPrice - floor,
            agentProbability * _options.InfoValue,
            coiMix,
            agentProbability,
            _alphaGrid[chosen],
            _agentCounts[chosen],
            _humanCounts[chosen]);
    }

    /// <summary>Keeps every sampled trajectory of the following steps in <see cref="Recorded"/> (tests, diagnostics).</summary>
    internal void StartRecording() => _recorded = [];

    internal IReadOnlyList<RecordedTrajectory> Recorded => _recorded ?? (IReadOnlyList<RecordedTrajectory>)[];

    /// <summary>Overwrites the current prices (tests that need a step with known inputs).</summary>
    internal void SetPrices(ReadOnlySpan<double> prices)
    {
        prices.CopyTo(_prices);
        prices.CopyTo(_observation.AsSpan(_n, _n));
    }

    private void DecodePrices(double scale)
    {
        _prices.CopyTo(_previousPrices, 0);
        var anchored = _options.Decoding == PriceDecoding.Anchored;
        var anchorTerm = _options.AnchorWeight * _options.AnchorPrice * scale;
        var keep = 1.0 - _options.AnchorWeight;
        for (var i = 0; i < _n; i++)
        {
            var p = anchored ? (keep * _previousPrices[i]) + anchorTerm : _previousPrices[i] * scale;
            _prices[i] = Math.Clamp(p, _options.PriceMin, _priceCap);
        }
    }

    private void ClassDemand(double mean, double std)
    {
        for (var i = 0; i < _n; i++)
        {
            _valuations[i] = _random.NextGaussian(mean, std);
        }

        for (var i = 0; i < _n; i++)
        {
            _noise[i] = _random.NextGaussian(0.0, _options.DemandNoiseStd);
        }

        DemandCurve.Compute(_valuations, _noise, _prices, _options.DemandTotal, _classDemand);
    }

    /// <summary>
    /// The grid point minimising the original's proxy reward (engine/jax/robust.py): demand D = (1 − α)·d_H + α·d_A
    /// from this step's class demands (each summing to 100, or all zero), reward w·Σ(p − c)·D − λ_coi·α·info·max(c·ΣD, 1),
    /// α itself standing in for f. The first minimum on ties, as numpy's argmin.
    /// </summary>
    internal int ProxyWorstAlpha()
    {
        var best = 0;
        var bestReward = double.PositiveInfinity;
        var cost = _options.MarginalCost;
        for (var k = 0; k < _alphaGrid.Length; k++)
        {
            var a = _alphaGrid[k];
            double profit = 0, mass = 0;
            for (var i = 0; i < _n; i++)
            {
                var d = ((1.0 - a) * _humanDemand[i]) + (a * _agentDemand[i]);
                profit += (_prices[i] - cost) * d;
                mass += d;
            }

            var reward = (_options.ProfitWeight * profit) - (_options.EffectiveLambdaCoi * a * _options.InfoValue * Math.Max(cost * mass, 1.0));
            if (reward < bestReward)
            {
                best = k;
                bestReward = reward;
            }
        }

        return best;
    }

    /// <summary>Observed demand, f and reward of grid point <paramref name="k"/> from the sampled pools' prefixes.</summary>
    private RewardTerms EvaluateCandidate(int k, PriceMovement movement)
    {
        var demand = _candidateDemand.AsSpan(k * _n, _n);
        var sum = 0.0;
        for (var i = 0; i < _n; i++)
        {
            demand[i] = _prefixDemand[0][(k * _n) + i] + _prefixDemand[1][(k * _n) + i];
            sum += demand[i];
        }

        if (_options.NormalizeObservedDemand)
        {
            DemandCurve.Rescale(demand, sum, 100.0);
        }
        else
        {
            // Weighted event mass per 100 sessions: the market's size now moves with the session mix.
            DemandCurve.Rescale(demand, sum, sum * 100.0 / _options.Sessions);
        }

        var count = _prefixScoreCount[0][k] + _prefixScoreCount[1][k];
        var f = count > 0 ? (_prefixScoreSum[0][k] + _prefixScoreSum[1][k]) / count : _prior;
        _candidateScore[k] = f;
        return _reward.Compute(_prices, demand, f, movement);
    }

    /// <summary>
    /// Marks the products whose expanded-kernel rows have no mass in the original's kron(T, c⊗c): c_a = 0 while some
    /// product has demand (when every product has zero demand c is uniform, so no row is empty). All false when the
    /// <see cref="SimulatorOptions.ZeroDemandJump"/> switch is off.
    /// </summary>
    private void MarkPricedOut(ReadOnlySpan<double> classDemand, bool[] pricedOut)
    {
        var any = false;
        for (var i = 0; i < _n; i++)
        {
            any |= classDemand[i] > 0;
        }

        var jump = _options.ZeroDemandJump && any;
        for (var i = 0; i < _n; i++)
        {
            pricedOut[i] = jump && !(classDemand[i] > 0);
        }
    }

    private void SamplePool(int cls, KernelSampler kernel, AliasTable products, bool[] pricedOut, int pool, int[] needed)
    {
        var prefixDemand = _prefixDemand[cls];
        var prefixCheckouts = _prefixCheckouts[cls];
        var scoreSums = _prefixScoreSum[cls];
        var scoreCounts = _prefixScoreCount[cls];
        Array.Clear(_cumulativeDemand);
        Array.Clear(_cumulativeCheckouts);
        var scoreSum = 0.0;
        var scoreCount = 0;
        Snapshot(0, needed, prefixDemand, prefixCheckouts, scoreSums, scoreCounts, scoreSum, scoreCount);

        var pairs = S * _n;
        var maxEvents = _options.MaxSessionEvents;
        for (var j = 0; j < pool; j++)
        {
            var start = _random.NextInt(pairs);
            var state = start / _n;
            var product = start - (state * _n);
            _states[0] = (EventName)state;
            _trajectoryProducts[0] = product;
            _cumulativeDemand[product] += _stateWeight[state];
            if (_checkout[state])
            {
                _cumulativeCheckouts[product] += 1;
            }

            var node = _scores.Advance(TrajectoryScoreCache.Root, state);
            var length = 1;
            while (!_stops[state] && length < maxEvents)
            {
                if (pricedOut[product])
                {
                    // The original's empty expanded row: uniform over every (state, product) pair.
                    var pair = _random.NextInt(pairs);
                    state = pair / _n;
                    product = pair - (state * _n);
                }
                else
                {
                    state = kernel.Next(state, _random.NextDouble());
                    product = products.Sample(_random);
                }

                _states[length] = (EventName)state;
                _trajectoryProducts[length] = product;
                length++;
                _cumulativeDemand[product] += _stateWeight[state];
                if (_checkout[state])
                {
                    _cumulativeCheckouts[product] += 1;
                }

                node = _scores.Advance(node, state);
            }

            var f = double.NaN;
            if (length >= 2)
            {
                f = _scores.Score(node, _states.AsSpan(0, length));
                scoreSum += f;
                scoreCount++;
            }

            _recorded?.Add(new RecordedTrajectory(cls == 1, _states.AsSpan(0, length).ToArray(), _trajectoryProducts.AsSpan(0, length).ToArray(), f));
            Snapshot(j + 1, needed, prefixDemand, prefixCheckouts, scoreSums, scoreCounts, scoreSum, scoreCount);
        }
    }

    private void Snapshot(int taken, int[] needed, double[] prefixDemand, double[] prefixCheckouts, double[] scoreSums, int[] scoreCounts, double scoreSum, int scoreCount)
    {
        for (var k = 0; k < needed.Length; k++)
        {
            if (needed[k] != taken)
            {
                continue;
            }

            _cumulativeDemand.CopyTo(prefixDemand, k * _n);
            _cumulativeCheckouts.CopyTo(prefixCheckouts, k * _n);
            scoreSums[k] = scoreSum;
            scoreCounts[k] = scoreCount;
        }
    }

    private void WriteObservation(ReadOnlySpan<double> demand, double agentProbability, double adversarialAlpha)
    {
        var o = _observation.AsSpan();
        if (demand.IsEmpty)
        {
            o[.._n].Clear();
        }
        else
        {
            demand.CopyTo(o);
        }

        _prices.CopyTo(o.Slice(_n, _n));
        o[2 * _n] = agentProbability;
        o[(2 * _n) + 1] = adversarialAlpha;
        o[(2 * _n) + 2] = _options.Alpha;
        o[(2 * _n) + 3] = _options.EffectiveRobustRadius;
    }
}
