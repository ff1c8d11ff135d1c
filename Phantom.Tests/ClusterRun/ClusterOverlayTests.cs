using Phantom.Streams.Configuration;

namespace Phantom.Tests.ClusterRun;

public sealed class ClusterOverlayTests
{
    [Fact]
    public void ClusterOverlay_FailureDetection_HeartbeatsAtMostAThirdOfTheSessionTimeout()
    {
        var kafka = new PhantomConfiguration().AddOverlay("cluster").Build(new Dictionary<string, string>()).Kafka;

        kafka.Validate();
        Assert.Equal(TimeSpan.FromSeconds(10), kafka.SessionTimeout);
        Assert.True(kafka.HeartbeatInterval * 3 <= kafka.SessionTimeout, $"heartbeat {kafka.HeartbeatInterval} vs session timeout {kafka.SessionTimeout}");
    }

    [Fact]
    public void KafkaOptions_HeartbeatNotBelowSessionTimeout_FailsNamingTheKey()
    {
        var kafka = new PhantomOptions().Kafka;
        kafka.SessionTimeout = TimeSpan.FromSeconds(3);
        kafka.HeartbeatInterval = TimeSpan.FromSeconds(3);

        var error = Assert.Throws<ArgumentException>(kafka.Validate);

        Assert.Contains("phantom.kafka.heartbeat-interval", error.Message, StringComparison.Ordinal);
    }
}
