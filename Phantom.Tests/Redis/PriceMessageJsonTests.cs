using System.Text.Json;
using Phantom.Streams.Pricing;
using Phantom.Streams.Redis;

namespace Phantom.Tests.Redis;

public sealed class PriceMessageJsonTests
{
    [Fact]
    public void Write_NoProductAndNonFiniteDemand_WritesNulls()
    {
        var update = new PriceUpdate(1, "s", -1, 100, 100, 0.5, double.NaN, 0, false, 0);

        using var document = JsonDocument.Parse(PriceMessageJson.ToBytes(update, null, "v1"));

        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("productId").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("demand").ValueKind);
        Assert.Equal("static", document.RootElement.GetProperty("policy").GetString());
        Assert.Equal("1970-01-01T00:00:00.000Z", document.RootElement.GetProperty("ts").GetString());
    }

    [Fact]
    public void Write_EveryContractField_Present()
    {
        using var document = JsonDocument.Parse(PriceMessageJson.ToBytes(new PriceUpdate(1, "s", 0, 110, 100, 0.5, 1, 3, false, 0), "hotel-x", "v1"));
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["sessionId", "productId", "price", "basePrice", "markup", "agentProbability", "demand", "policy", "modelVersion", "ts"], names);
    }

    [Fact]
    public void FormatPrice_Double_InvariantTwoToFourDecimals()
    {
        Assert.Equal("140.00", RedisPriceStore.FormatPrice(140));
        Assert.Equal("140.1235", RedisPriceStore.FormatPrice(140.123456));
        Assert.Equal("0.50", RedisPriceStore.FormatPrice(0.5));
    }
}
