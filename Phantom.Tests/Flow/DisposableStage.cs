using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

/// <summary>Counts its events and remembers whether (and on which thread) it was disposed.</summary>
internal sealed class DisposableStage(string name) : IFlowStage, IDisposable
{
    public string Name => name;

    public int Events { get; private set; }

    public int ProcessThread { get; private set; } = -1;

    public int DisposeThread { get; private set; } = -1;

    public int Disposals { get; private set; }

    public void Process(ref EventContext context)
    {
        Events++;
        ProcessThread = Environment.CurrentManagedThreadId;
    }

    public void Dispose()
    {
        Disposals++;
        DisposeThread = Environment.CurrentManagedThreadId;
    }
}
