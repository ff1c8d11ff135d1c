namespace Phantom.Streams.Flow;

/// <summary>
/// Called by a source on its own thread after every <c>n</c>-th record it wrote, before it writes the next one: the
/// place for work that must sit at a fixed point of the input (a barrier and a global step, a progress mark). The
/// source waits for it, so a slow checkpoint slows the source, never loses records.
/// </summary>
/// <param name="writer">The source's writer (flush it before waiting on the stages).</param>
/// <param name="recordsWritten">Records this source has written so far.</param>
public delegate ValueTask SourceCheckpoint(PipelineWriter writer, long recordsWritten, CancellationToken cancellationToken);
