namespace Phantom.Cluster.Demo;

/// <summary>The flags of <c>phantom demo</c>; null means "as configured".</summary>
public sealed record DemoRequest
{
    public long Events { get; init; } = 200_000;

    public double? Alpha { get; init; }

    public long? Seed { get; init; }

    public int? Partitions { get; init; }

    public string? Policy { get; init; }

    public FileInfo? Input { get; init; }

    public FileInfo? Json { get; init; }

    public FileInfo? Config { get; init; }

    public bool Quiet { get; init; }
}
