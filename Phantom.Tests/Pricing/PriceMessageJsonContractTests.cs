using System.Text.Json;
using Phantom.Streams.Catalog;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

/// <summary>The CONTRACTS.md prices record.</summary>
public sealed class PriceMessageJsonContractTests
{
    private static readonly ProductCatalog Catalog = new(new CatalogOptions());

    [Fact]
    public void ToBytes_KnownProduct_WritesEveryContractField()
    {
        var update = new PriceUpdate(1, "s-1", 0, 120, 100, 0.25, 3.5, 1, false, 1764102091823);

        using var json = JsonDocument.Parse(PriceMessageJson.ToBytes(update, PriceMessageJson.ProductIdOf(Catalog, update.ProductIndex), "surge@3"));
        var root = json.RootElement;

        Assert.Equal("s-1", root.GetProperty("sessionId").GetString());
        Assert.Equal(Catalog[0].Id, root.GetProperty("productId").GetString());
        Assert.Equal(120, root.GetProperty("price").GetDouble());
        Assert.Equal(100, root.GetProperty("basePrice").GetDouble());
        Assert.Equal(1.2, root.GetProperty("markup").GetDouble(), 9);
        Assert.Equal(0.25, root.GetProperty("agentProbability").GetDouble());
        Assert.Equal(3.5, root.GetProperty("demand").GetDouble());
        Assert.Equal(PolicyRegistry.NameOf(1), root.GetProperty("policy").GetString());
        Assert.Equal("surge@3", root.GetProperty("modelVersion").GetString());
        Assert.Equal("2025-11-25T20:21:31.823Z", root.GetProperty("ts").GetString());
    }

    [Fact]
    public void ToBytes_ShieldFallbackAndUnknownProduct_SaysBaselineAndNullProduct()
    {
        var update = new PriceUpdate(1, "s-2", -1, 100, 100, 0.9, 0, 2, true, 0);

        using var json = JsonDocument.Parse(PriceMessageJson.ToBytes(update, PriceMessageJson.ProductIdOf(Catalog, update.ProductIndex), "builtin"));

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("productId").ValueKind);
        Assert.Equal("baseline", json.RootElement.GetProperty("policy").GetString());
    }
}
