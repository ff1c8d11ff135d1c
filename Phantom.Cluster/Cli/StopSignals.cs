using System.Runtime.InteropServices;

namespace Phantom.Cluster.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a cancellation token for long-running commands: the signal is taken over (the process
/// is not ended by it), so the command can stop its source, drain what is in flight and report before it exits.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignals(CancellationToken commandCancellation)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(commandCancellation);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => _stop.Token;

    public bool Requested => _stop.IsCancellationRequested;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }
}
