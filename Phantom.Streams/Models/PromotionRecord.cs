namespace Phantom.Streams.Models;

/// <summary>One promotion: which artifact (name and full content hash) became the served model of its kind, and when.</summary>
public sealed record PromotionRecord
{
    public required string Name { get; init; }

    /// <summary>Full SHA-256 hex of the artifact (<see cref="ArtifactHash"/>).</summary>
    public required string Hash { get; init; }

    public required DateTimeOffset PromotedAt { get; init; }

    /// <summary><c>name@shorthash</c>.</summary>
    public string Reference => $"{Name}@{ArtifactHash.Short(Hash)}";
}
