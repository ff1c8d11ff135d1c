namespace Phantom.Cluster.Ctl;

/// <summary>Tab completion of command names for the interactive prompt, from <see cref="CtlCommands.All"/> plus <c>help</c> and <c>exit</c>.</summary>
public static class CtlCompleter
{
    /// <summary>Words the prompt knows besides the commands.</summary>
    public static IReadOnlyList<string> ShellWords { get; } = ["help", "exit"];

    /// <summary>
    /// The candidates for the word being typed at the end of <paramref name="line"/> (the text before the cursor),
    /// sorted, and where that word starts.
    /// </summary>
    public static (IReadOnlyList<string> Candidates, int WordStart) Complete(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var wordStart = line.LastIndexOf(' ') + 1;
        var prefix = line[wordStart..];
        var before = line[..wordStart].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<string> words = before.Length switch
        {
            0 => CtlCommands.All.Select(s => s.Group).Concat(ShellWords),
            1 when before[0] == "help" => CtlCommands.All.Select(s => s.Group),
            1 => CtlCommands.All.Where(s => s.Group == before[0] && s.Verb is not null).Select(s => s.Verb!),
            2 when before[0] == "help" => CtlCommands.All.Where(s => s.Group == before[1] && s.Verb is not null).Select(s => s.Verb!),
            _ => [],
        };
        return (words.Distinct().Where(w => w.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray(), wordStart);
    }

    /// <summary>The longest prefix the candidates share.</summary>
    public static string CommonPrefix(IReadOnlyList<string> candidates)
    {
        if (candidates.Count == 0)
        {
            return "";
        }

        var prefix = candidates[0];
        foreach (var c in candidates)
        {
            var n = 0;
            while (n < prefix.Length && n < c.Length && prefix[n] == c[n])
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }
}
