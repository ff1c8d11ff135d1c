using System.Text.Json;
using Phantom.Cluster.Ctl;
using Phantom.Tests.Http;

namespace Phantom.Tests.Ctl;

/// <summary>The interactive prompt with plain line input (what it does when stdin is not a terminal), against a running node.</summary>
public sealed class CtlShellTests
{
    [Fact]
    public async Task Run_HelpCommandsAndExit_AnswersEachLineInTurn()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var node = CtlNodeCommandsTests.Node(harness);
        var output = new StringWriter();
        var errors = new StringWriter();
        using var client = new CtlClient(node, NodeHarness.Key);
        var input = new StringReader("help\nhelp shards where\n\nshards stats --json\nwarp\nexit\nmetrics\n");
        var shell = new CtlShell(client, CtlRun.Console(output), output, errors, new PlainLineReader(input, output), json: false);

        var code = await shell.RunAsync(CancellationToken.None);

        var text = output.ToString();
        Assert.Contains("stages attach <name> [after]", text, StringComparison.Ordinal); // the full help
        Assert.Contains("Which shard and node own a session", text, StringComparison.Ordinal); // help for one command
        var json = text.Split('\n').Single(l => l.StartsWith("{\"nodes\":", StringComparison.Ordinal)); // --json on one line
        var shards = JsonDocument.Parse(json).RootElement.GetProperty("nodes").EnumerateArray().Single();
        Assert.Equal(harness.Node.Member.Id, shards.GetProperty("node").GetString());
        Assert.Equal(harness.Node.Member.HostedShards, shards.GetProperty("shards").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Contains("unknown command 'warp'", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(CtlExitCodes.Usage, code); // the last command's code
        Assert.DoesNotContain("metrics of", text, StringComparison.Ordinal); // nothing after exit
        Assert.Contains($"phantom {node}> ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stages attach sample", new[] { "stages", "attach", "sample" })]
    [InlineData("  session   show  'a b'  ", new[] { "session", "show", "a b" })]
    [InlineData("session show \"\"", new[] { "session", "show", "" })]
    public void Tokenize_QuotesAndSpaces_Words(string line, string[] expected) => Assert.Equal(expected, CtlShell.Tokenize(line));
}
