namespace Phantom.Cluster.Http;

/// <summary>One problem with a submitted record: the field (or <c>body</c>) and the snake_case reason.</summary>
/// <param name="Index">The record's position in a batch request; null for single-record routes.</param>
public sealed record FieldError(string Field, string Reason, int? Index = null);
