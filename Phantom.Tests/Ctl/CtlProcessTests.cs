using System.Text.Json;
using Phantom.Cluster.Ctl;
using Phantom.Tests.Http;
using Phantom.Tests.Kafka;

namespace Phantom.Tests.Ctl;

/// <summary><c>phantom ctl</c> as a script runs it: the real program, its exit codes, stdout and stderr.</summary>
public sealed class CtlProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ctl_JsonStagesList_PrintsOnlyTheNodesJsonAndExitsZero()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        var (code, output, error) = await PhantomProcess.RunAsync(Timeout, "ctl", "--node", CtlNodeCommandsTests.Node(harness), "--key", NodeHarness.Key, "--json", "stages", "list");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        var names = JsonDocument.Parse(output).RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()!);
        Assert.Equal(harness.Node.Runtime.Pipeline.Graph, names);
    }

    [Fact]
    public async Task Ctl_WrongKey_ExitBadKeyWithTheReasonOnStandardError()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var node = CtlNodeCommandsTests.Node(harness);

        var (code, output, error) = await PhantomProcess.RunAsync(Timeout, "ctl", "--node", node, "--key", "not-the-key", "metrics");

        Assert.Equal(CtlExitCodes.BadKey, code);
        Assert.Equal("", output);
        Assert.Contains($"error: node {node}: bad key (403", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctl_PipedPrompt_ReadsPlainLinesUntilExit()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var info = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "phantom.dll"), "ctl", "--node", CtlNodeCommandsTests.Node(harness), "--key", NodeHarness.Key })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.WriteAsync("stages attach log-tap\nmetrics\nexit\n");
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cancel.Token);

        var text = await output;
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("attached log-tap", text, StringComparison.Ordinal);
        Assert.Contains("metrics of", text, StringComparison.Ordinal);
        Assert.Contains("log-tap", harness.Node.Runtime.Pipeline.Graph);
    }
}
