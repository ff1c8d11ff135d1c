using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

/// <summary>A stage whose behaviour is a test's delegate.</summary>
internal sealed class LambdaStage(string name, LambdaStage.Body body) : IFlowStage
{
    public delegate void Body(ref EventContext context);

    public string Name => name;

    public int EndBatches { get; private set; }

    public void Process(ref EventContext context) => body(ref context);

    public void EndBatch() => EndBatches++;
}
