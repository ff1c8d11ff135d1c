using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.ClusterRun;

/// <summary>
/// A session entity's state frozen as bits (every feature, the live scores, sequence, truth, mode), so two runs compare
/// bit for bit and a later change to the entity (passivation completes it) does not change what was captured.
/// </summary>
internal sealed record SessionStateBits(
    string SessionId,
    long Sequence,
    long LastEventMs,
    bool Completed,
    GroundTruth Truth,
    StoreMode Mode,
    long[] Features,
    long Demand,
    long AgentProbability,
    long DetectorScore)
{
    public static SessionStateBits Of(SessionEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var features = new long[SessionFeatures.Count];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = BitConverter.DoubleToInt64Bits(entity.Feature(i));
        }

        return new SessionStateBits(
            entity.SessionId,
            entity.Sequence,
            entity.LastEventMs,
            entity.Completed,
            entity.Truth,
            entity.Mode,
            features,
            BitConverter.DoubleToInt64Bits(entity.Demand),
            BitConverter.DoubleToInt64Bits(entity.AgentProbability),
            BitConverter.DoubleToInt64Bits(entity.DetectorScore));
    }

    /// <summary>Fails naming the first field (or feature) that differs from <paramref name="expected"/>.</summary>
    public void AssertEqualTo(SessionStateBits expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var id = expected.SessionId;
        Assert.Equal(expected.SessionId, SessionId);
        Assert.Equal(expected.Sequence, Sequence);
        Assert.Equal(expected.LastEventMs, LastEventMs);
        Assert.Equal(expected.Completed, Completed);
        Assert.Equal(expected.Truth, Truth);
        Assert.Equal(expected.Mode, Mode);
        for (var i = 0; i < Features.Length; i++)
        {
            Assert.True(
                expected.Features[i] == Features[i],
                $"session {id}: feature {SessionFeatures.FeatureNames[i]} is {BitConverter.Int64BitsToDouble(Features[i]):R} after the cluster run, " +
                $"{BitConverter.Int64BitsToDouble(expected.Features[i]):R} after one node");
        }

        Assert.True(expected.Demand == Demand, $"session {id}: demand differs");
        Assert.True(expected.AgentProbability == AgentProbability, $"session {id}: agent probability differs");
        Assert.True(expected.DetectorScore == DetectorScore, $"session {id}: detector score differs");
    }
}
