using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

/// <summary>A stage that reports the batch boundaries (BeginBatch with the batch, EndBatch) to a test's delegates.</summary>
internal sealed class BatchBoundaryStage(Action<RecordBatch> begin, Action end) : IFlowStage
{
    public string Name => "look-ahead";

    public void Process(ref EventContext context)
    {
    }

    public void BeginBatch(RecordBatch batch) => begin(batch);

    public void EndBatch() => end();
}
