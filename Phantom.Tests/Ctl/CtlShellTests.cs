using Phantom.Cluster.Ctl;

namespace Phantom.Tests.Ctl;

/// <summary>The interactive prompt with plain line input (what it does when stdin is not a terminal).</summary>
public sealed class CtlShellTests
{
    [Fact]
    public async Task Run_HelpCommandsAndExit_AnswersEachLineInTurn()
    {
        await using var server = FakeAdminServer.WithContractState();
        var output = new StringWriter();
        var errors = new StringWriter();
        using var client = new CtlClient(server.Node, FakeAdminServer.Key);
        var input = new StringReader("help\nhelp shards where\n\nshards stats --json\nwarp\nexit\nmetrics\n");
        var shell = new CtlShell(client, CtlRun.Console(output), output, errors, new PlainLineReader(input, output), json: false);

        var code = await shell.RunAsync(CancellationToken.None);

        var text = output.ToString();
        Assert.Contains("stages attach <name> [after]", text, StringComparison.Ordinal); // the full help
        Assert.Contains("Which shard and node own a session", text, StringComparison.Ordinal); // help for one command
        Assert.Contains(FakeAdminServer.Shards.Trim(), text, StringComparison.Ordinal); // --json on one line
        Assert.Contains("unknown command 'warp'", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(CtlExitCodes.Usage, code); // the last command's code
        Assert.DoesNotContain(server.Requests, r => r.Contains("metrics", StringComparison.Ordinal)); // nothing after exit
        Assert.Contains($"phantom {server.Node}> ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stages attach sample", new[] { "stages", "attach", "sample" })]
    [InlineData("  session   show  'a b'  ", new[] { "session", "show", "a b" })]
    [InlineData("session show \"\"", new[] { "session", "show", "" })]
    public void Tokenize_QuotesAndSpaces_Words(string line, string[] expected) => Assert.Equal(expected, CtlShell.Tokenize(line));
}
