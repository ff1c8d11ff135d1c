namespace Phantom.Cluster.Ctl;

/// <summary>
/// The prompt when standard input is not a terminal (a pipe, a file): writes the prompt, reads whole lines, no
/// editing, history or completion, so <c>printf 'metrics\n' | phantom ctl</c> works as a script.
/// </summary>
public sealed class PlainLineReader(TextReader input, TextWriter output) : ILineReader
{
    public string? ReadLine(string prompt)
    {
        output.Write(prompt);
        output.Flush();
        var line = input.ReadLine();
        if (line is not null && !string.IsNullOrEmpty(prompt))
        {
            output.WriteLine(); // the typed line did not echo: keep what follows on its own line
        }

        return line;
    }
}
