using Phantom.Streams.Agents;
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
}
