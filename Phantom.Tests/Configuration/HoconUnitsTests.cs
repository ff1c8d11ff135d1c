using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Tests.Configuration;

/// <summary>The spec's duration and size-in-bytes formats.</summary>
public class HoconUnitsTests
{
    [Theory]
    [InlineData("10ns", 0)]
    [InlineData("1000 ns", 10)]
    [InlineData("5us", 50)]
    [InlineData("5 microseconds", 50)]
    [InlineData("250ms", 2_500_000)]
    [InlineData("250", 2_500_000)]
    [InlineData("2 milliseconds", 20_000)]
    [InlineData("30s", 300_000_000)]
    [InlineData("1.5 seconds", 15_000_000)]
    [InlineData("5m", 3_000_000_000)]
    [InlineData("5 minutes", 3_000_000_000)]
    [InlineData("2h", 72_000_000_000)]
    [InlineData("1 hour", 36_000_000_000)]
    [InlineData("1d", 864_000_000_000)]
    [InlineData("2 days", 1_728_000_000_000)]
    public void TryParseDuration_Units_GiveTicks(string text, long ticks)
    {
        Assert.True(HoconUnits.TryParseDuration(text, isNumber: false, out var value));
        Assert.Equal(ticks, value.Ticks);
    }

    [Theory]
    [InlineData("5M")]
    [InlineData("5 fortnights")]
    [InlineData("s")]
    [InlineData("")]
    public void TryParseDuration_Invalid_ReturnsFalse(string text) =>
        Assert.False(HoconUnits.TryParseDuration(text, isNumber: false, out _));

    [Theory]
    [InlineData("512", 512)]
    [InlineData("10B", 10)]
    [InlineData("10 bytes", 10)]
    [InlineData("1K", 1024)]
    [InlineData("1k", 1024)]
    [InlineData("16KiB", 16384)]
    [InlineData("2 kibibytes", 2048)]
    [InlineData("1kB", 1000)]
    [InlineData("1KB", 1000)]
    [InlineData("1 kilobyte", 1000)]
    [InlineData("1M", 1048576)]
    [InlineData("1MiB", 1048576)]
    [InlineData("1MB", 1000000)]
    [InlineData("1G", 1073741824)]
    [InlineData("1GB", 1000000000)]
    [InlineData("1.5K", 1536)]
    public void TryParseBytes_Units_GiveBytes(string text, long bytes)
    {
        Assert.True(HoconUnits.TryParseBytes(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("1 furlong")]
    [InlineData("1.5B")]
    [InlineData("KiB")]
    public void TryParseBytes_Invalid_ReturnsFalse(string text) =>
        Assert.False(HoconUnits.TryParseBytes(text, out _));

    [Fact]
    public void GetDuration_NumberValue_IsMilliseconds()
    {
        var root = Hocon.ParseText("a = 1500\nb = 1500 ms\nc = \"2s\"", environment: new Dictionary<string, string>());

        Assert.Equal(TimeSpan.FromMilliseconds(1500), root.GetDuration("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), root.GetDuration("b"));
        Assert.Equal(TimeSpan.FromSeconds(2), root.GetDuration("c"));
    }
}
