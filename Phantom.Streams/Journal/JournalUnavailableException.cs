namespace Phantom.Streams.Journal;

/// <summary>
/// The database could not be reached or dropped the connection; the operation was not applied (or its transaction
/// was rolled back) and may be retried. <see cref="GroupCommitJournalWriter"/> retries these with backoff.
/// </summary>
public sealed class JournalUnavailableException : Exception
{
    public JournalUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
