using System.Text;
using Phantom.Streams.Pricing;
using Phantom.Streams.Redis;

namespace Phantom.Tests.Redis;

/// <summary>The reused writer behind the <c>prices</c> channel gives exactly <see cref="PriceMessageJson"/>'s bytes, message after message.</summary>
public sealed class PriceMessageWriterTests
{
    [Fact]
    public void ToBytes_TwoUpdatesInARow_EachEqualsPriceMessageJson()
    {
        var writer = new PriceMessageWriter();
        var first = new PriceUpdate(1, "s-1", 0, 154, 140, 0.75, 2.5, 1, false, 1764102091823);
        var second = new PriceUpdate(2, "s-2", 1, 99.5, 120, 0.1, 1.0, 0, true, 1764102091900);

        var a = writer.ToBytes(first, "hotel-deluxe-01", "v7");
        var b = writer.ToBytes(second, null, "v8");

        Assert.Equal(Encoding.UTF8.GetString(PriceMessageJson.ToBytes(first, "hotel-deluxe-01", "v7")), Encoding.UTF8.GetString(a));
        Assert.Equal(Encoding.UTF8.GetString(PriceMessageJson.ToBytes(second, null, "v8")), Encoding.UTF8.GetString(b));
        Assert.NotSame(a, b);
    }
}
