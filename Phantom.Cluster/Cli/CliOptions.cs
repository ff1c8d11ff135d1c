using System.CommandLine;

namespace Phantom.Cluster.Cli;

/// <summary>Options more than one command takes, defined once so their names and help read the same everywhere.</summary>
internal static class CliOptions
{
    public static Option<FileInfo?> Config() => new("--config")
    {
        Description = "A HOCON file overlaid on the embedded reference configuration (hocon/phantom.conf).",
    };

    public static Option<int?> Partitions() => new("--partitions", "-p")
    {
        Description = "Shards (single-writer workers); default: phantom.pipeline.partitions, 0 = one per core.",
    };

    public static Option<long?> Seed() => new("--seed")
    {
        Description = "Seed of every random draw; the same seed gives the same numbers (timings aside).",
    };

    public static Option<FileInfo?> Json() => new("--json")
    {
        Description = "Also write the summary as JSON to this file.",
    };
}
