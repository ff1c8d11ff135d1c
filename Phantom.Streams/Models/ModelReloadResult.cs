namespace Phantom.Streams.Models;

/// <summary>The result of a reload: what happened, what is served now, and the reason when refused.</summary>
public sealed record ModelReloadResult(ModelReloadOutcome Outcome, PromotedState Served, PromotedState? Attempted, string Message, DateTimeOffset At);
