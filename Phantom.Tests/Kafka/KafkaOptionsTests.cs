using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;

namespace Phantom.Tests.Kafka;

/// <summary>phantom.kafka: defaults, validation, and the overlay for node mode.</summary>
public sealed class KafkaOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        new KafkaOptions().Validate();

        Assert.Equal("user-interactions.dead-letters", new KafkaOptions().DeadLetterTopic);
    }

    [Fact]
    public void Validate_BadValues_NamesEveryKey()
    {
        var options = new KafkaOptions { BootstrapServers = " ", Partitions = 0, AutoOffsetReset = "middle", Linger = TimeSpan.FromMilliseconds(-1) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        foreach (var key in new[] { "phantom.kafka.bootstrap-servers", "phantom.kafka.partitions", "phantom.kafka.auto-offset-reset", "phantom.kafka.linger" })
        {
            Assert.Contains(key, error.Message);
        }
    }

    [Fact]
    public void Load_ClusterOverlay_SetsTwelvePartitionsLikeThePipeline()
    {
        var options = new PhantomConfiguration().AddOverlay("cluster").Build();

        Assert.Equal(12, options.Kafka.Partitions);
        Assert.Equal(options.Pipeline.Partitions, options.Kafka.Partitions);
    }

    [Fact]
    public void Clone_ChangedCopy_LeavesTheOriginal()
    {
        var original = new KafkaOptions();
        var copy = original.Clone();
        copy.EventsTopic = "other";

        Assert.Equal("user-interactions", original.EventsTopic);
    }
}
