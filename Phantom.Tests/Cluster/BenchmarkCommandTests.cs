using System.CommandLine;
using Phantom.Cluster.Cli;
using Phantom.Tests.Models;

namespace Phantom.Tests.Cluster;

public sealed class BenchmarkCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "phantom-benchmark-cmd-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private (int ExitCode, string Output) Invoke(params string[] args)
    {
        var root = new RootCommand { BenchmarkCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString() + error.ToString());
    }

    private string[] Tiny(string directory, string seed = "42") =>
    [
        "benchmark", "--tiers", "static,surge,linear,qtable,ppo", "--alpha-values", "0.0,0.5", "--episodes", "2",
        "--seed", seed, "--total-timesteps", "600", "--n-products", "3", "--sessions", "20", "--max-steps", "15",
        "--robust-points", "3", "--out", Path.Combine(_root, directory),
    ];

    [Fact]
    public void Invoke_SameSeedTwice_ByteIdenticalCsvsAndEndsWithBestTier()
    {
        var first = Invoke(Tiny("a"));
        var second = Invoke(Tiny("b"));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        foreach (var file in new[] { "runs.csv", "summary.csv", "price_traces.csv" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "a", file)), File.ReadAllBytes(Path.Combine(_root, "b", file)));
        }

        Assert.True(File.Exists(Path.Combine(_root, "a", "revenue_by_alpha.svg")));
        var lastLine = first.Output.TrimEnd().Split('\n')[^1].Trim();
        Assert.Matches("^BEST_TIER=(static|surge|linear|qtable|ppo)$", lastLine);
        Assert.Single(first.Output.Split('\n'), l => l.StartsWith("BEST_TIER=", StringComparison.Ordinal));

        // Every tier × mode × α appears in the summary.
        var summary = File.ReadAllLines(Path.Combine(_root, "a", "summary.csv"));
        Assert.Equal(5 * 2 * 2, summary.Count(l => l.Contains(",nominal,", StringComparison.Ordinal)));
    }

    [Fact]
    public void Invoke_OtherSeed_DifferentRuns()
    {
        Invoke(Tiny("a"));
        Invoke(Tiny("c", seed: "43"));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(_root, "a", "runs.csv")), File.ReadAllBytes(Path.Combine(_root, "c", "runs.csv")));
    }

    [Theory]
    [InlineData("--tiers", "static,dqn", "dqn")]
    [InlineData("--alpha-values", "0.2,1.5", "--alpha-values")]
    [InlineData("--price-max", "5", "price-max")]
    public void Invoke_BadFlag_ExitsWithBadConfigurationNamingIt(string flag, string value, string named)
    {
        var (code, output) = Invoke("benchmark", flag, value, "--out", Path.Combine(_root, "bad"));
        Assert.Equal(2, code);
        Assert.Contains(named, output);
    }

    [Fact]
    public void Invoke_KernelsArtifact_MarketFollowsItsKernels()
    {
        var reference = TestArtifacts.Kernels(_root, "reference");
        var swapped = TestArtifacts.Kernels(_root, "swapped", swapped: true);

        Assert.Equal(0, Invoke(Tiny("default")).ExitCode);
        Assert.Equal(0, Invoke([.. Tiny("reference"), "--kernels", reference]).ExitCode);
        Assert.Equal(0, Invoke([.. Tiny("swapped"), "--kernels", swapped]).ExitCode);

        // The reference kernels given as an artifact are the built-in market, byte for byte; other kernels are another market.
        Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "default", "runs.csv")), File.ReadAllBytes(Path.Combine(_root, "reference", "runs.csv")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(_root, "default", "runs.csv")), File.ReadAllBytes(Path.Combine(_root, "swapped", "runs.csv")));
    }

    [Fact]
    public void Invoke_KernelsNotAnArtifact_ExitsWithBadConfigurationNamingTheFlag()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        var detector = TestArtifacts.TreesDetector(_root);

        var (noManifest, noManifestOutput) = Invoke([.. Tiny("x"), "--kernels", empty]);
        var (notKernels, notKernelsOutput) = Invoke([.. Tiny("y"), "--kernels", detector]);

        Assert.Equal(2, noManifest);
        Assert.Contains("--kernels", noManifestOutput);
        Assert.Contains("model.json", noManifestOutput);
        Assert.Equal(2, notKernels);
        Assert.Contains("kernels.json", notKernelsOutput);
    }
}
