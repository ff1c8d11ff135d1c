using System.Text;
using Phantom.Streams.Pricing;
using Phantom.Streams.Redis;

namespace Phantom.Tests.Redis;

/// <summary>The per-chunk grouping behind one HSET per session: latest price per product, sessions in order, reusable.</summary>
public sealed class SessionFieldsTests
{
    [Fact]
    public void Set_SameProductTwice_KeepsOneFieldWithTheLatestPrice()
    {
        var fields = new SessionFields();

        fields.Set("a", "hotel-deluxe-01", 140);
        fields.Set("a", "hotel-junior-02", 180);
        fields.Set("a", new string("hotel-deluxe-01".AsSpan()), 150);

        Assert.Equal(1, fields.Count);
        Assert.Equal([("hotel-deluxe-01", 150.0), ("hotel-junior-02", 180.0)], fields.FieldsAt(0));
    }

    [Fact]
    public void Set_SeveralSessions_InOrderOfFirstAppearance()
    {
        var fields = new SessionFields();

        fields.Set("b", "x", 1);
        fields.Set("a", "x", 2);
        fields.Set("b", "y", 3);

        Assert.Equal(2, fields.Count);
        Assert.Equal("b", fields.SessionAt(0));
        Assert.Equal("a", fields.SessionAt(1));
        Assert.Equal([("x", 1.0), ("y", 3.0)], fields.FieldsAt(0));
    }

    [Fact]
    public void Clear_ThenNewChunk_StartsEmptyWithoutEarlierFields()
    {
        var fields = new SessionFields();
        fields.Set("a", "x", 1);
        fields.Set("b", "y", 2);

        fields.Clear();
        fields.Set("c", "z", 3);

        Assert.Equal(1, fields.Count);
        Assert.Equal("c", fields.SessionAt(0));
        Assert.Equal([("z", 3.0)], fields.FieldsAt(0));
    }

    [Fact]
    public void Message_TwoUpdates_EachEqualsPriceMessageJson()
    {
        var fields = new SessionFields();
        var first = new PriceUpdate(1, "s-1", 0, 154, 140, 0.75, 2.5, 1, false, 1764102091823);
        var second = new PriceUpdate(2, "s-2", 1, 99.5, 120, 0.1, 1.0, 0, true, 1764102091900);

        var a = fields.Message(first, "hotel-deluxe-01", "v7");
        var b = fields.Message(second, null, "v8");

        Assert.Equal(Encoding.UTF8.GetString(PriceMessageJson.ToBytes(first, "hotel-deluxe-01", "v7")), Encoding.UTF8.GetString(a));
        Assert.Equal(Encoding.UTF8.GetString(PriceMessageJson.ToBytes(second, null, "v8")), Encoding.UTF8.GetString(b));
    }
}
