using FsCheck;
using FsCheck.Fluent;
using Phantom.Streams.Agents;
using Phantom.Streams.Events;
using Phantom.Streams.Randomness;
using Phantom.Streams.Sessions;
using Phantom.Tests.Sessions;

namespace Phantom.Tests.Agents;

public class TransitionTallyTests
{
    private static readonly TransitionKernel Human = new AgentOptions().HumanKernel();
    private static readonly TransitionKernel Agent = new AgentOptions().AgentKernel();

    [Fact]
    public void Divergences_HumanPurchaseJourney_MatchHandComputedKl()
    {
        // start→pv→vip→learn→cart→checkout→purchase→end: every row visited once, so KL_s = ln(1/q_s(k)).
        // Δ_H = ln(1/.80)+ln(1/.55)+ln(1/.40)+ln(1/.50)+ln(1/.58)+ln(1/.70)+ln(1/1)
        //     = .223144+.597837+.916291+.693147+.544727+.356675+0 = 3.331821
        // Δ_A = ln(1/.90)+ln(1/.40)+ln(1/.55)+ln(1/.20)+ln(1/.42)+ln(1/.52)+0
        //     = .105361+.916291+.597837+1.609438+.867501+.653926 = 4.750353
        // f = σ(3.331821 − 4.750353) = σ(−1.418532) = 0.194892
        var tally = default(TransitionTally);
        foreach (var s in new[] { EventName.PageView, EventName.ViewItemPage, EventName.LearnMoreAboutItem, EventName.AddItemToCart, EventName.CheckoutStart, EventName.PurchaseComplete })
        {
            tally.Append(s, Human, Agent);
        }

        tally.End(Human, Agent);

        Assert.Equal(3.331821, tally.DivergenceHuman, 1e-6);
        Assert.Equal(4.750353, tally.DivergenceAgent, 1e-6);
        Assert.Equal(0.194892, tally.AgentProbability(1.0, 0.5), 1e-6);
        Assert.Equal(7, tally.Transitions);
        Assert.Equal(0.0, tally.Entropy, 1e-12);
    }

    [Fact]
    public void Divergences_RowWithTwoTargetsAndUnseenPair_MatchHandComputedKl()
    {
        // start→pv, pv→vip, vip→pv, pv→search. Rows: start {pv:1}; pv {vip:1, search:1}; vip {pv:1}.
        // Δ_H = ln(1/.8) + [.5·ln(.5/.55) + .5·ln(.5/.25)] + ln(1/(0+1e-10))
        //     = .223144 + [−.047655 + .346574] + 23.025851 = 23.547913
        // Δ_A = ln(1/.9) + [.5·ln(.5/.40) + .5·ln(.5/.35)] + 23.025851
        //     = .105361 + [.111572 + .178337] + 23.025851 = 23.421121
        // f = σ(23.547913 − 23.421121) = σ(.126792) = .531656
        var tally = default(TransitionTally);
        foreach (var s in new[] { EventName.SessionStart, EventName.PageView, EventName.ViewItemPage, EventName.PageView, EventName.Search })
        {
            tally.Append(s, Human, Agent);
        }

        Assert.Equal(23.547913, tally.DivergenceHuman, 1e-6);
        Assert.Equal(23.421121, tally.DivergenceAgent, 1e-6);
        Assert.Equal(0.531656, tally.AgentProbability(1.0, 0.5), 1e-6);
        Assert.Equal(4, tally.Transitions);
    }

    [Fact]
    public void AgentProbability_FewerThanTwoStates_IsPrior()
    {
        var tally = default(TransitionTally);
        Assert.Equal(0.3, tally.AgentProbability(1.0, 0.3));
        tally.Append(EventName.SessionStart, Human, Agent); // an explicit start is the only state
        Assert.Equal(1, tally.States);
        Assert.Equal(0.3, tally.AgentProbability(1.0, 0.3));
        tally.End(Human, Agent);
        Assert.Equal(2, tally.States);
        Assert.NotEqual(0.3, tally.AgentProbability(1.0, 0.3));
    }

    [Fact]
    public void End_CalledTwice_AppendsSessionEndOnce()
    {
        var tally = default(TransitionTally);
        tally.Append(EventName.PageView, Human, Agent);
        tally.End(Human, Agent);
        tally.End(Human, Agent);
        Assert.Equal(2, tally.Transitions);
        Assert.Throws<InvalidOperationException>(() => tally.Append(EventName.PageView, Human, Agent));
    }

    [Fact]
    public void Entity_RandomSessions_IncrementalEqualsFromScratchAfterEveryEvent()
    {
        var model = TestEvents.Model();
        var states = Gen.Choose(0, EventNames.WireCount - 1).Select(i => (EventName)i).ArrayOf();
        Prop.ForAll(Arb.From(states), Arb.From(Gen.Elements(true, false)), (sequence, complete) =>
        {
            var entity = new SessionEntity(1, "s", model);
            var applied = new List<EventName>();
            for (var i = 0; i < sequence.Length; i++)
            {
                entity.Apply(TestEvents.Make(sequence[i], TestEvents.T0 + (i * 1000L)));
                applied.Add(sequence[i]);
                AssertMatchesReference(entity, TestEvents.Trajectory(applied, completed: false), model);
            }

            if (complete)
            {
                entity.Complete();
                AssertMatchesReference(entity, TestEvents.Trajectory(applied, completed: true), model);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300).WithEndSize(120));
    }

    [Fact]
    public void Rebind_RandomKernels_DivergencesEqualFromScratchAgainstNewKernels()
    {
        var random = new SeededRandom(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var model = TestEvents.Model();
            var entity = new SessionEntity(1, "s", model);
            var applied = new List<EventName>();
            var length = 1 + random.NextInt(60);
            for (var i = 0; i < length; i++)
            {
                var s = (EventName)random.NextInt(EventNames.WireCount);
                entity.Apply(TestEvents.Make(s, TestEvents.T0 + i));
                applied.Add(s);
            }

            var reloaded = new SessionModel(new SessionOptions(), new AgentOptions(), new Streams.Demand.DemandOptions(), RandomKernel(random, "h"), RandomKernel(random, "a"));
            entity.Rebind(reloaded);
            AssertMatchesReference(entity, TestEvents.Trajectory(applied, completed: false), reloaded);
            var next = (EventName)random.NextInt(EventNames.WireCount);
            entity.Apply(TestEvents.Make(next, TestEvents.T0 + length));
            applied.Add(next);
            entity.Complete();
            AssertMatchesReference(entity, TestEvents.Trajectory(applied, completed: true), reloaded);
        }
    }

    private static TransitionKernel RandomKernel(SeededRandom random, string name)
    {
        var weights = new double[EventNames.StateCount * EventNames.StateCount];
        for (var i = 0; i < weights.Length; i++)
        {
            // Sparse, so unseen pairs (q = 0, the ε term) are common, as in the reference kernels.
            weights[i] = random.NextBool(0.3) ? random.NextDouble() : 0.0;
        }

        return TransitionKernel.FromDense(name, weights, 1e-10);
    }

    private static void AssertMatchesReference(SessionEntity entity, EventName[] trajectory, SessionModel model)
    {
        var features = entity.Snapshot();
        var expectedF = KernelDivergence.AgentProbability(trajectory, model.Human, model.Agent, model.Temperature, model.Prior);
        Assert.True(Math.Abs(expectedF - entity.AgentProbability) < 1e-9, $"f {entity.AgentProbability} vs {expectedF} for {string.Join(",", trajectory)}");
        Assert.True(Math.Abs(KernelDivergence.KlDivergence(trajectory, model.Human) - features.DeltaH) < 1e-9, $"Δ_H {features.DeltaH}");
        Assert.True(Math.Abs(KernelDivergence.KlDivergence(trajectory, model.Agent) - features.DeltaA) < 1e-9, $"Δ_A {features.DeltaA}");
    }
}
