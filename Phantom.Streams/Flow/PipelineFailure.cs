namespace Phantom.Streams.Flow;

/// <summary>An exception a stage (or the dead-letter sink) threw, kept for diagnostics; the pipeline carried on.</summary>
/// <param name="Stage">The stage's registry name, or <c>dead-letters</c> when the sink itself failed.</param>
/// <param name="Shard">The shard whose worker saw it.</param>
/// <param name="SourceOffset">The record's source offset.</param>
/// <param name="Exception">What was thrown.</param>
/// <param name="At">When, in UTC.</param>
public sealed record PipelineFailure(string Stage, int Shard, long SourceOffset, Exception Exception, DateTime At);
