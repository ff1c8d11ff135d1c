using Phantom.Streams.Agents;
using Phantom.Streams.Events;
using Phantom.Streams.Randomness;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

/// <summary>
/// <see cref="SimulatorOptions.ZeroDemandJump"/>: the original PHANTOM sampler's uniform jump from a product its class
/// has priced out of demand (an empty row of kron(T, c⊗c)).
/// </summary>
public class ZeroDemandJumpTests
{
    private const int S = EventNames.StateCount;
    private const int Neutral = 4; // scale 1.0: the prices set by SetPrices stay

    private static SimulatorOptions TwoProducts(bool jump, int sessions = 100, double alpha = 0.3) => new SimulatorOptions
    {
        Mode = SimulatorMode.Baseline,
        Alpha = alpha,
        ProductCount = 2,
        Sessions = sessions,
        ZeroDemandJump = jump,
    };

    // Product 0 near the floor (every valuation is above it; the floor itself would end the episode on low margin), product 1 at the cap (a valuation above 150 is 7-10 standard
    // deviations out for both classes): product 1 is priced out of demand, product 0 is not.
    private static readonly double[] OnePricedOut = [12, 150];

    private static List<RecordedTrajectory> Record(SimulatorOptions options, double[] prices, int steps, long seed = 3)
    {
        var sim = new MarketSimulator(options);
        sim.Reset(seed);
        sim.StartRecording();
        for (var t = 0; t < steps; t++)
        {
            sim.SetPrices(prices);
            sim.Step(Neutral);
        }

        return sim.Recorded.ToList();
    }

    private static bool IsStop(EventName s) => s is EventName.CheckoutStart or EventName.PurchaseComplete or EventName.SessionEnd;

    [Fact]
    public void Default_IsOff()
    {
        Assert.False(new SimulatorOptions().ZeroDemandJump);
    }

    [Fact]
    public void Step_FirstTrajectories_EqualAReplayOfTheDocumentedDraws()
    {
        // Hand replay of one step with 4 human sessions (α = 0), n = 2: Reset draws n uniform prices; the step draws
        // the human valuations and noise (2n normals), then the agents' (2n normals); then per session a uniform start
        // pair and per transition either a uniform pair (current product priced out) or a kernel draw and a product
        // draw from c = (1, 0).
        const long seed = 11;
        var options = TwoProducts(jump: true, sessions: 4, alpha: 0.0);
        var sim = new MarketSimulator(options);
        sim.Reset(seed);
        sim.StartRecording();
        sim.SetPrices(OnePricedOut);
        sim.Step(Neutral);
        var recorded = sim.Recorded;
        Assert.Equal(4, recorded.Count);

        var random = new SeededRandom(seed);
        for (var i = 0; i < 2; i++)
        {
            random.NextDouble();
        }

        for (var i = 0; i < 8; i++)
        {
            random.NextGaussian();
        }

        var kernel = new KernelSampler(new AgentOptions().HumanKernel());
        var products = new AliasTable(2);
        products.Build([1.0, 0.0]);
        var jumps = 0;
        foreach (var trajectory in recorded)
        {
            var pair = random.NextInt(2 * S);
            var state = pair / 2;
            var product = pair % 2;
            var states = new List<EventName> { (EventName)state };
            var productsSeen = new List<int> { product };
            while (!IsStop((EventName)state) && states.Count < 40)
            {
                if (product == 1)
                {
                    pair = random.NextInt(2 * S);
                    state = pair / 2;
                    product = pair % 2;
                    jumps++;
                }
                else
                {
                    state = kernel.Next(state, random.NextDouble());
                    product = products.Sample(random);
                    Assert.Equal(0, product);
                }

                states.Add((EventName)state);
                productsSeen.Add(product);
            }

            Assert.Equal(states, trajectory.States);
            Assert.Equal(productsSeen, trajectory.Products);
        }

        Assert.True(jumps + recorded.Count(r => r.Products[0] == 1) > 0, "the replay never exercised a priced-out product");
    }

    [Fact]
    public void Step_JumpOn_FromAPricedOutProductNextPairIsUniform()
    {
        var trajectories = Record(TwoProducts(jump: true), OnePricedOut, steps: 60);
        var human = new AgentOptions().HumanKernel();
        var agent = new AgentOptions().AgentKernel();
        var fromPricedOut = new int[S * 2];
        var jumps = 0;
        foreach (var t in trajectories)
        {
            for (var i = 0; i < t.States.Length - 1; i++)
            {
                if (t.Products[i] == 0)
                {
                    // A product with demand: the spec's step, kernel successor on a demanded product.
                    var kernel = t.IsAgent ? agent : human;
                    Assert.True(kernel[t.States[i], t.States[i + 1]] > 0);
                    Assert.Equal(0, t.Products[i + 1]);
                }
                else
                {
                    fromPricedOut[((int)t.States[i + 1] * 2) + t.Products[i + 1]]++;
                    jumps++;
                }
            }
        }

        // Every one of the 36 pairs is reached, each near 1/36 of the jumps.
        Assert.True(jumps > 2_000, $"only {jumps} jumps");
        var expected = jumps / (double)(S * 2);
        foreach (var count in fromPricedOut)
        {
            Assert.InRange(count, expected * 0.6, expected * 1.4);
        }
    }

    [Fact]
    public void Step_JumpOff_APricedOutProductIsNeverEnteredAgain()
    {
        var trajectories = Record(TwoProducts(jump: false), OnePricedOut, steps: 30);
        var human = new AgentOptions().HumanKernel();
        var agent = new AgentOptions().AgentKernel();
        foreach (var t in trajectories)
        {
            for (var i = 1; i < t.States.Length; i++)
            {
                Assert.Equal(0, t.Products[i]);
                Assert.True((t.IsAgent ? agent : human)[t.States[i - 1], t.States[i]] > 0);
            }
        }
    }

    // At 12 every valuation far above the price (so no draw lands below it), at 150 the defaults (none above it).
    private static SimulatorOptions WithValuations(SimulatorOptions options, double price)
    {
        if (price < 100)
        {
            options.HumanValuationMean = 500;
            options.AgentValuationMean = 500;
        }

        return options;
    }

    [Theory]
    [InlineData(12.0)]  // every product has demand: no row of kron(T, c⊗c) is empty
    [InlineData(150.0)] // no product has demand: c is uniform, again no empty row
    public void Step_NoProductPricedOut_SameRandomStreamAsTheSpec(double price)
    {
        double[] prices = [price, price];
        var on = Record(WithValuations(TwoProducts(jump: true), price), prices, steps: 20);
        var off = Record(WithValuations(TwoProducts(jump: false), price), prices, steps: 20);
        Assert.Equal(off.Count, on.Count);
        for (var i = 0; i < on.Count; i++)
        {
            Assert.Equal(off[i].States, on[i].States);
            Assert.Equal(off[i].Products, on[i].Products);
            Assert.Equal(off[i].AgentProbability, on[i].AgentProbability);
        }
    }

    [Fact]
    public void Step_JumpOn_LeakageIsMeanAgentProbabilityOfTheStepsTrajectoriesTimesInfoValue()
    {
        // The COI leakage of a step on a tiny market (N = 6, two products, one priced out): the mean f(τ) of the
        // trajectories with at least 2 events, recomputed from their states, times info-value.
        var options = TwoProducts(jump: true, sessions: 6, alpha: 0.5);
        options.InfoValue = 2.5;
        var agentOptions = new AgentOptions();
        var sim = new MarketSimulator(options, agentOptions);
        sim.Reset(21);
        sim.StartRecording();
        for (var t = 0; t < 5; t++)
        {
            var before = sim.Recorded.Count;
            sim.SetPrices(OnePricedOut);
            var step = sim.Step(Neutral);
            var scored = sim.Recorded.Skip(before).Where(r => r.States.Length >= 2).ToList();
            var f = scored.Count == 0
                ? agentOptions.Prior
                : scored.Average(r => KernelDivergence.AgentProbability(r.States, agentOptions.HumanKernel(), agentOptions.AgentKernel(), agentOptions.Temperature, agentOptions.Prior));
            Assert.Equal(6, sim.Recorded.Count - before);
            Assert.Equal(f * 2.5, step.CoiLeakage, 12);
        }
    }

    [Fact]
    public void Step_JumpOn_PricingOutProductsChangesTheObservedAgentProbability()
    {
        // The switch's point: with it, f(τ) depends on prices. Same seeds, same mix; only the price of product 1 moves.
        static double MeanF(double[] prices)
        {
            var options = TwoProducts(jump: true, alpha: 0.0);
            options.ProductCount = prices.Length;
            var sim = new MarketSimulator(options);
            var sum = 0.0;
            for (var episode = 0; episode < 8; episode++)
            {
                sim.Reset(episode);
                for (var t = 0; t < 25; t++)
                {
                    sim.SetPrices(prices);
                    sum += sim.Step(Neutral).AgentProbability;
                }
            }

            return sum / 200;
        }

        // All demanded: the spec's sessions. Three of four priced out: most starts and every jump that lands on one of
        // them chain further uniform jumps, diluting the kernel evidence towards the prior.
        var demanded = MeanF([12, 12, 12, 12]);
        var pricedOut = MeanF([12, 150, 150, 150]);
        Assert.True(pricedOut - demanded > 0.003, $"f {demanded:F4} with every product demanded, {pricedOut:F4} with three priced out");
    }
}
