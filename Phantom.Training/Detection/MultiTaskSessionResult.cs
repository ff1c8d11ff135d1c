using Phantom.Training.Learning;

namespace Phantom.Training.Detection;

/// <summary>A trained multi-task network, its input preparation and its held-out scores.</summary>
public sealed record MultiTaskSessionResult(
    MultiTaskNetwork Network,
    PurchaseRows Rows,
    MultiTaskTrainingResult Training,
    double AgentRocAuc,
    double PurchaseRocAuc,
    int TrainSessions,
    int TestSessions,
    int TestCartedSessions,
    int TestPurchases)
{
    public Dictionary<string, double> Metrics() => new()
    {
        ["agent_roc_auc"] = AgentRocAuc,
        ["purchase_roc_auc"] = PurchaseRocAuc,
        ["train_sessions"] = TrainSessions,
        ["test_sessions"] = TestSessions,
        ["test_carted_sessions"] = TestCartedSessions,
        ["test_purchases"] = TestPurchases,
        ["epochs"] = Training.History.Count,
        ["best_epoch"] = Training.BestEpoch,
    };
}
