using System.Diagnostics;

namespace Phantom.Tests.Kafka;

/// <summary>Runs the built <c>phantom</c> command line (phantom.dll beside the tests) as a child process.</summary>
internal static class PhantomProcess
{
    public static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "phantom.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start phantom");
    }

    /// <summary>Runs to the end (killing it past <paramref name="timeout"/>); returns the exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"phantom {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return (process.ExitCode, await output, await error);
    }
}
