namespace Phantom.Training.Learning;

/// <summary>Mean losses of one epoch (validation values are NaN without a validation split).</summary>
public sealed record MultiTaskEpoch(int Epoch, double TrainAgentLoss, double TrainPurchaseLoss, double ValidationAgentLoss, double ValidationPurchaseLoss, double ValidationTotalLoss);
