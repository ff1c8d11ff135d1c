using Phantom.Streams.Catalog;
using Phantom.Streams.Demand;

namespace Phantom.Tests.Demand;

public class DemandBoardTests
{
    private const long T0 = 1_700_000_000_000;
    private const long HalfLifeMs = 5 * 60_000;

    private static DemandBoard Board(int shards = 1) =>
        new(new ProductCatalog(new CatalogOptions()), shards, new DemandOptions { HalfLife = TimeSpan.FromMinutes(5) });

    [Fact]
    public void Refresh_OneHalfLifeLater_HalvesRawAndNormalisesToHundred()
    {
        var board = Board();
        board.Slice(0).Add(0, 4.0, T0); // a cart event on product 0
        board.Slice(0).Add(1, 1.0, T0); // a page view on product 1
        board.Refresh(T0 + HalfLifeMs);

        // One half-life: q̂0 = 4·½ = 2, q̂1 = 1·½ = .5; Σ = 2.5; q̃0 = 100·2/2.5 = 80, q̃1 = 100·.5/2.5 = 20.
        Assert.Equal(2.0, board.Raw(0), 1e-12);
        Assert.Equal(0.5, board.Raw(1), 1e-12);
        Assert.Equal(2.5, board.Total, 1e-12);
        Assert.Equal(80.0, board.Normalized(0), 1e-9);
        Assert.Equal(20.0, board.Normalized(1), 1e-9);
        Assert.Equal(0.0, board.Normalized(2));
        // Mean of q̃ over the 2 products with demand: (80 + 20) / 2 = 50.
        Assert.Equal(50.0, board.MeanNormalized, 1e-9);
        Assert.Equal(T0 + HalfLifeMs, board.RefreshedAtMs);
    }

    [Fact]
    public void Add_LaterEvent_DecaysStoredValueBeforeAdding()
    {
        var board = Board();
        board.Slice(0).Add(3, 4.0, T0);
        board.Slice(0).Add(3, 2.0, T0 + HalfLifeMs); // 4·½ + 2 = 4 at T0 + 5 min
        board.Refresh(T0 + (2 * HalfLifeMs)); // 4·½ = 2 five minutes later

        Assert.Equal(2.0, board.Raw(3), 1e-12);
        Assert.Equal(100.0, board.Normalized(3), 1e-9);
    }

    [Fact]
    public void Add_OutOfOrderEvents_SameAsInOrder()
    {
        var inOrder = Board();
        inOrder.Slice(0).Add(3, 4.0, T0);
        inOrder.Slice(0).Add(3, 2.0, T0 + 90_000);
        var outOfOrder = Board();
        outOfOrder.Slice(0).Add(3, 2.0, T0 + 90_000);
        outOfOrder.Slice(0).Add(3, 4.0, T0); // older: added decayed by 90 s
        inOrder.Refresh(T0 + 200_000);
        outOfOrder.Refresh(T0 + 200_000);

        // 4·2^(−200/300) + 2·2^(−110/300) = 4·.629961 + 2·.775573 = 2.519842 + 1.551145 = 4.070987
        Assert.Equal(4.070987, inOrder.Raw(3), 1e-6);
        Assert.Equal(inOrder.Raw(3), outOfOrder.Raw(3), 1e-12);
    }

    [Fact]
    public void Refresh_TwoShards_SumsTheirSlices()
    {
        var board = Board(shards: 2);
        board.Slice(0).Add(5, 1.0, T0);
        board.Slice(1).Add(5, 1.0, T0);
        board.Slice(1).Add(6, 2.0, T0);
        board.Refresh(T0);

        Assert.Equal(2.0, board.Raw(5), 1e-12);
        Assert.Equal(2.0, board.Raw(6), 1e-12);
        Assert.Equal(50.0, board.Normalized(5), 1e-9);
        Assert.Equal(50.0, board.Normalized(6), 1e-9);
    }

    [Fact]
    public void Refresh_NoDemand_NormalisedStaysZero()
    {
        var board = Board();
        board.Refresh(T0);

        Assert.Equal(0.0, board.Raw(0));
        Assert.Equal(0.0, board.Normalized(0));
        Assert.Equal(0.0, board.MeanNormalized);
        Assert.Equal(0.0, board.Total);
    }

    [Fact]
    public void Refresh_ValueDecayedToAlmostNothing_StillCountsAsDemand()
    {
        var board = Board();
        board.Slice(0).Add(0, 1.0, T0);
        board.Refresh(T0 + (20 * HalfLifeMs)); // 2^−20 ≈ 9.5e-7

        Assert.Equal(Math.Pow(2, -20), board.Raw(0), 1e-15);
        Assert.Equal(100.0, board.Normalized(0), 1e-9);
    }

    [Fact]
    public void Constructor_NonPositiveHalfLife_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new DemandBoard(new ProductCatalog(new CatalogOptions()), 1, new DemandOptions { HalfLife = TimeSpan.Zero }));
    }
}
