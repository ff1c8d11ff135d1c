using Phantom.Streams.Demand;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Sessions;
using Phantom.Tests.Sessions;

namespace Phantom.Tests.Demand;

public class DemandStageTests
{
    [Fact]
    public void Process_ProductEvents_AddsOmegaToThisShardsSlice()
    {
        var services = TestServices.Create();
        var board = new DemandBoard(services.Catalog, 2, services.Options.Demand);
        services.Add(SessionModel.From(services.Options)).Add(board);
        var stage = DemandStage.Create(new ShardContext(1, 2, services));

        Process(stage, TestEvents.Make(EventName.AddItemToCart, TestEvents.T0, product: 7)); // ω = 4
        Process(stage, TestEvents.Make(EventName.Search, TestEvents.T0, product: 7)); // ω = .5
        Process(stage, TestEvents.Make(EventName.PageView, TestEvents.T0)); // no product: nothing
        var stopped = new EventContext { Event = TestEvents.Make(EventName.PurchaseComplete, TestEvents.T0, product: 7), Done = true };
        stage.Process(ref stopped); // stopped: nothing

        Assert.Equal("demand", stage.Name);
        Assert.Equal(4.5, board.Slice(1).Value(7, TestEvents.T0), 1e-12);
        Assert.Equal(0.0, board.Slice(0).Value(7, TestEvents.T0));
        board.Refresh(TestEvents.T0);
        Assert.Equal(4.5, board.Raw(7), 1e-12);
        Assert.Equal(100.0, board.Normalized(7), 1e-9);
    }

    private static void Process(IFlowStage stage, InteractionEvent e)
    {
        var context = new EventContext { Event = e };
        stage.Process(ref context);
    }
}
