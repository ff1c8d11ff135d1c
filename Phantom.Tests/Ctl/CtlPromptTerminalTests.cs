using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Phantom.Tests.Http;

namespace Phantom.Tests.Ctl;

/// <summary>
/// The interactive prompt of the real <c>phantom</c> program on a pseudo-terminal: <c>script(1)</c> (util-linux) gives
/// it a pty, the test types keys — Tab completion, the up arrow for history, <c>help</c>, Ctrl+C ending a tail,
/// <c>exit</c> — and reads the
/// screen, against a running node.
/// </summary>
public sealed partial class CtlPromptTerminalTests
{
    [Fact]
    public async Task Prompt_OnPseudoTerminal_CompletesRecallsHistoryHelpsAndExits()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var node = CtlNodeCommandsTests.Node(harness);
        var dll = Path.Combine(AppContext.BaseDirectory, "phantom.dll");
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-qfec", $"dotnet '{dll}' ctl --node {node} --key {NodeHarness.Key}", "/dev/null" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TERM"] = "xterm";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["COLUMNS"] = "200";
        using var process = Process.Start(info)!;
        var screen = new StringBuilder();
        var reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (screen)
                {
                    screen.Append(buffer, 0, read);
                }
            }
        });

        try
        {
            var prompt = $"phantom {node}> ";
            await WaitForAsync(screen, prompt, 1);

            // Tab completes "sta" to "stages " and "li" to "list ".
            await TypeAsync(process, "sta\t");
            await WaitForAsync(screen, "stages ", 1);
            await TypeAsync(process, "li\t\r");
            await WaitForAsync(screen, "available to attach", 1);
            Assert.Contains("price-store", Text(screen), StringComparison.Ordinal);

            await TypeAsync(process, "metrics\r");
            await WaitForAsync(screen, "live sessions", 1);

            // Up twice recalls "stages list " (history), Enter runs it again.
            await TypeAsync(process, "\u001b[A\u001b[A\r");
            await WaitForAsync(screen, "available to attach", 2);

            await TypeAsync(process, "help stages\r");
            await WaitForAsync(screen, "Detach an attached stage", 1);

            // A tail follows until Ctrl+C, which stops it and returns to the prompt (the prompt itself stays).
            await TypeAsync(process, "log tail\r");
            await WaitForAsync(screen, "following", 1);
            var prompts = Count(Text(screen), prompt);
            await TypeAsync(process, "\u0003");
            await WaitForAsync(screen, prompt, prompts + 1);

            await TypeAsync(process, "exit\r");
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await reader.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var text = Text(screen);
        Assert.Equal(3, Count(text, "stages list")); // completed by Tab, recalled by the up arrow, and a line of the help table
        Assert.DoesNotContain("error:", text, StringComparison.Ordinal);
    }

    private static async Task TypeAsync(Process process, string keys)
    {
        await process.StandardInput.WriteAsync(keys);
        await process.StandardInput.FlushAsync();
    }

    /// <summary>Waits (bounded) until <paramref name="text"/> is on screen at least <paramref name="times"/> times.</summary>
    private static async Task WaitForAsync(StringBuilder screen, string text, int times)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Count(Text(screen), text) < times)
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' did not appear {times} time(s); the screen:\n{Text(screen)}");
            await Task.Delay(20);
        }
    }

    /// <summary>The screen without escape sequences (cursor moves, line clears, styles).</summary>
    private static string Text(StringBuilder screen)
    {
        lock (screen)
        {
            return Escapes().Replace(screen.ToString(), "");
        }
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    [GeneratedRegex(@"\u001b(\[[0-9;?]*[ -/]*[@-~]|\][^\u0007]*\u0007|[()][A-Z0-9]|[=>])")]
    private static partial Regex Escapes();
}
