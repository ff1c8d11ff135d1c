using System.Text;

namespace Phantom.Cluster.Ctl;

/// <summary>
/// A small line editor for the interactive prompt on a terminal: the cursor keys move and recall history (up/down),
/// Home/End (and Ctrl+A/Ctrl+E), Backspace/Delete, Ctrl+U clears, Ctrl+D on an empty line ends, Tab completes command
/// names (a unique match is completed, several are listed). Keys come from <c>readKey</c>
/// (<see cref="System.Console.ReadKey(bool)"/> on a terminal) and the line is redrawn with plain ANSI sequences.
/// </summary>
public sealed class LineEditor(Func<ConsoleKeyInfo> readKey, TextWriter output, Func<string, (IReadOnlyList<string> Candidates, int WordStart)>? complete = null) : ILineReader
{
    private readonly List<string> _history = [];
    private readonly Func<string, (IReadOnlyList<string>, int)> _complete = complete ?? CtlCompleter.Complete;

    /// <summary>Lines entered, oldest first (consecutive repeats once).</summary>
    public IReadOnlyList<string> History => _history;

    /// <summary>Most lines kept in <see cref="History"/>.</summary>
    public int HistoryLimit { get; init; } = 500;

    public string? ReadLine(string prompt)
    {
        var buffer = new StringBuilder();
        var cursor = 0;
        var recalled = _history.Count; // == Count: the line being typed, not a history entry
        var draft = "";
        output.Write(prompt);
        output.Flush();
        while (true)
        {
            var key = readKey();
            var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    output.Write("\r\n");
                    output.Flush();
                    var line = buffer.ToString();
                    Remember(line);
                    return line;
                case ConsoleKey.Backspace:
                    if (cursor > 0)
                    {
                        buffer.Remove(--cursor, 1);
                    }

                    break;
                case ConsoleKey.Delete:
                    if (cursor < buffer.Length)
                    {
                        buffer.Remove(cursor, 1);
                    }

                    break;
                case ConsoleKey.LeftArrow:
                    cursor = Math.Max(0, cursor - 1);
                    break;
                case ConsoleKey.RightArrow:
                    cursor = Math.Min(buffer.Length, cursor + 1);
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when control:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when control:
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.U when control:
                    buffer.Clear();
                    cursor = 0;
                    break;
                case ConsoleKey.D when control:
                    if (buffer.Length == 0)
                    {
                        output.Write("\r\n");
                        output.Flush();
                        return null;
                    }

                    break;
                case ConsoleKey.C when control:
                    // Ctrl+C at the prompt (when the terminal passes it as a key) drops the line, as shells do.
                    output.Write("^C\r\n" + prompt);
                    buffer.Clear();
                    cursor = 0;
                    recalled = _history.Count;
                    break;
                case ConsoleKey.UpArrow:
                case ConsoleKey.P when control:
                    if (recalled > 0)
                    {
                        if (recalled == _history.Count)
                        {
                            draft = buffer.ToString();
                        }

                        Replace(buffer, _history[--recalled], ref cursor);
                    }

                    break;
                case ConsoleKey.DownArrow:
                case ConsoleKey.N when control:
                    if (recalled < _history.Count)
                    {
                        recalled++;
                        Replace(buffer, recalled == _history.Count ? draft : _history[recalled], ref cursor);
                    }

                    break;
                case ConsoleKey.Tab:
                    Complete(buffer, ref cursor, prompt);
                    break;
                default:
                    if (key.KeyChar >= ' ' && !control)
                    {
                        buffer.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw(prompt, buffer, cursor);
        }
    }

    private void Complete(StringBuilder buffer, ref int cursor, string prompt)
    {
        var before = buffer.ToString(0, cursor);
        var (candidates, start) = _complete(before);
        if (candidates.Count == 0)
        {
            return;
        }

        var typed = before[start..];
        var insert = candidates.Count == 1 ? candidates[0] + " " : CtlCompleter.CommonPrefix(candidates);
        if (insert.Length > typed.Length)
        {
            buffer.Remove(start, typed.Length).Insert(start, insert);
            cursor = start + insert.Length;
            return;
        }

        if (candidates.Count > 1)
        {
            // Nothing more to add: show the choices under the line, then the prompt again.
            output.Write("\r\n" + string.Join("  ", candidates) + "\r\n");
        }
    }

    private void Redraw(string prompt, StringBuilder buffer, int cursor)
    {
        output.Write('\r');
        output.Write(prompt);
        output.Write(buffer.ToString());
        output.Write("\u001b[K");
        var back = buffer.Length - cursor;
        if (back > 0)
        {
            output.Write($"\u001b[{back}D");
        }

        output.Flush();
    }

    private static void Replace(StringBuilder buffer, string text, ref int cursor)
    {
        buffer.Clear().Append(text);
        cursor = buffer.Length;
    }

    private void Remember(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || (_history.Count > 0 && _history[^1] == line))
        {
            return;
        }

        _history.Add(line);
        if (_history.Count > HistoryLimit)
        {
            _history.RemoveAt(0);
        }
    }
}
