using Phantom.Streams.Agents;
using Phantom.Streams.Demand;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Agents;

public class LiveDetectorTests
{
    [Fact]
    public void Score_FreshSessionWithDefaults_IsOneHalf()
    {
        // No gaps, no user agent, no hovers, f = prior .5 (logit 0) and bias 0: σ(0) = .5.
        var detector = new LiveDetector(new AgentOptions());
        Assert.Equal(0.5, detector.Score(new SessionFeatures { AgentProbability = 0.5, TotalInteractions = 1 }), 1e-12);
    }

    [Fact]
    public void Score_HandSetWeights_IsLogisticOfWeightedInputs()
    {
        var options = new AgentOptions
        {
            Detector = new() { ["bias"] = -1.0, ["is_headless"] = 2.0, ["gap_speed"] = 1.0, ["gap_regularity"] = 0.5, ["logit_agent_probability"] = 1.0 },
            DetectorGapPivotSeconds = 5.0,
            DetectorRegularityPivot = 0.5,
        };
        var features = new SessionFeatures
        {
            TotalInteractions = 4, AvgTimeBetweenEvents = 1.0, StdTimeBetweenEvents = 0.25, IsHeadless = 1, AgentProbability = 0.8,
        };

        // z = −1 + 2·1 + 1·(ln 6 − ln 2) + .5·(.5 − .25/1) + 1·ln(.8/.2)
        //   = −1 + 2 + 1.098612 + .125 + 1.386294 = 3.609907; σ(3.609907) = 1/(1 + e^−3.609907) = 1/(1 + .027054) = .973658
        Assert.Equal(0.973658, new LiveDetector(options).Score(features), 1e-6);
    }

    [Fact]
    public void Constructor_UnknownInputName_Throws()
    {
        var options = new AgentOptions { Detector = new() { ["mouse_wiggle"] = 1.0 } };
        Assert.Throws<ArgumentException>(() => new LiveDetector(options));
    }

    [Fact]
    public void ScoreEntity_RandomSessionsAllWeightsSet_EqualsScoreOfSnapshotBitForBit()
    {
        // Weigh every feature and derived input, so the entity path reads each feature through SessionEntity.Feature.
        var options = new AgentOptions { Detector = new() { ["bias"] = 0.25 } };
        var weight = 0.1;
        foreach (var name in SessionFeatures.FeatureNames.Concat(LiveDetector.DerivedInputs))
        {
            options.Detector[name] = weight;
            weight = -weight * 1.1;
        }

        var detector = new LiveDetector(options);
        var model = new SessionModel(new SessionOptions(), options, new DemandOptions());
        var random = new Random(11);
        for (var s = 0; s < 200; s++)
        {
            var session = new SessionEntity((ulong)s, "s" + s, model);
            var t = Phantom.Tests.Sessions.TestEvents.T0;
            for (var k = random.Next(0, 25); k > 0; k--)
            {
                t += random.Next(0, 3) == 0 ? random.Next(0, 50) : random.Next(0, 400_000);
                var name = (EventName)random.Next(0, (int)EventName.SessionEnd);
                var product = random.Next(-1, 12);
                var flags = (UserAgentFlags)random.Next(0, 256);
                session.Apply(Phantom.Tests.Sessions.TestEvents.Make(
                    name, t, product, "/p" + random.Next(0, 40), price: random.Next(1, 500), userAgent: flags, key: (ulong)s));
                var snapshot = session.Snapshot();
                Assert.Equal(BitConverter.DoubleToInt64Bits(detector.Score(snapshot)), BitConverter.DoubleToInt64Bits(detector.Score(session)));
                var vector = snapshot.ToArray();
                for (var f = 0; f < vector.Length; f++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(vector[f]), BitConverter.DoubleToInt64Bits(session.Feature(f)));
                }
            }
        }
    }
}
