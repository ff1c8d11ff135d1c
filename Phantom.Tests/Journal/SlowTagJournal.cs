using System.Runtime.CompilerServices;
using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>
/// A journal decorator whose reads of one tag wait until the test opens them (a partition whose recovery is slow);
/// everything else goes straight to the inner journal.
/// </summary>
internal sealed class SlowTagJournal(IJournal inner, string slowTag) : ForwardingJournal(inner)
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a read of the slow tag has started (and is waiting).</summary>
    public TaskCompletionSource SlowReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the slow tag's reads go on.</summary>
    public void Open() => _open.TrySetResult();

    public override async IAsyncEnumerable<JournalEvent> CurrentEventsByTag(string tag, long afterOrdering = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (tag == slowTag)
        {
            SlowReadStarted.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
        }

        await foreach (var e in Inner.CurrentEventsByTag(tag, afterOrdering, cancellationToken))
        {
            yield return e;
        }
    }
}
