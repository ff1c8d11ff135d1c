using Phantom.Cluster.Ctl;

namespace Phantom.Tests.Ctl;

/// <summary>The prompt's line editor driven by key presses: editing, history, Tab completion, end of input.</summary>
public sealed class LineEditorTests
{
    [Fact]
    public void ReadLine_TypedTextWithBackspaceAndCursorMoves_ReturnsEditedLine()
    {
        var (editor, _) = Editor(Keys("metrcs") + Key(ConsoleKey.LeftArrow) + Key(ConsoleKey.LeftArrow) + "i" + Key(ConsoleKey.End) + "x" + Key(ConsoleKey.Backspace) + Key(ConsoleKey.Enter));

        Assert.Equal("metrics", editor.ReadLine("> "));
    }

    [Fact]
    public void ReadLine_UpArrow_RecallsEarlierLinesAndDownReturnsToTheDraft()
    {
        var (editor, _) = Editor(
            Keys("metrics") + Key(ConsoleKey.Enter)
            + Keys("stages list") + Key(ConsoleKey.Enter)
            + Key(ConsoleKey.UpArrow) + Key(ConsoleKey.UpArrow) + Key(ConsoleKey.Enter)
            + Keys("log") + Key(ConsoleKey.UpArrow) + Key(ConsoleKey.DownArrow) + Key(ConsoleKey.Enter));

        Assert.Equal("metrics", editor.ReadLine("> "));
        Assert.Equal("stages list", editor.ReadLine("> "));
        Assert.Equal("metrics", editor.ReadLine("> "));
        Assert.Equal("log", editor.ReadLine("> "));
        Assert.Equal(["metrics", "stages list", "metrics", "log"], editor.History); // a recalled line entered again is remembered again, as shells do
    }

    [Fact]
    public void ReadLine_TabOnUniquePrefix_CompletesTheCommandWords()
    {
        var (editor, _) = Editor(Keys("sta") + Key(ConsoleKey.Tab) + Keys("at") + Key(ConsoleKey.Tab) + Keys("sample") + Key(ConsoleKey.Enter));

        Assert.Equal("stages attach sample", editor.ReadLine("> "));
    }

    [Fact]
    public void ReadLine_TabOnAmbiguousPrefix_ListsTheChoices()
    {
        var (editor, output) = Editor(Keys("cluster s") + Key(ConsoleKey.Tab) + Keys("h") + Key(ConsoleKey.Tab) + Key(ConsoleKey.Enter));

        Assert.Equal("cluster show ", editor.ReadLine("> "));
        Assert.Contains("show  status", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLine_ControlDOnEmptyLine_EndOfInput()
    {
        var (editor, _) = Editor(Key(ConsoleKey.D, control: true));

        Assert.Null(editor.ReadLine("> "));
    }

    [Fact]
    public void Complete_AfterHelp_OffersCommandGroups()
    {
        var (candidates, start) = CtlCompleter.Complete("help st");

        Assert.Equal(["stages"], candidates);
        Assert.Equal(5, start);
    }

    private static (LineEditor Editor, StringWriter Output) Editor(string script)
    {
        var keys = new Queue<ConsoleKeyInfo>(Decode(script));
        var output = new StringWriter();
        return (new LineEditor(() => keys.Dequeue(), output), output);
    }

    // Keys are spelled inline: printable characters as themselves, special keys as \u0001<ConsoleKey>\u0002.
    private static string Keys(string text) => text;

    private static string Key(ConsoleKey key, bool control = false) => $"\u0001{(control ? "^" : "")}{key}\u0002";

    private static IEnumerable<ConsoleKeyInfo> Decode(string script)
    {
        for (var i = 0; i < script.Length; i++)
        {
            if (script[i] == '\u0001')
            {
                var end = script.IndexOf('\u0002', i);
                var name = script[(i + 1)..end];
                var control = name.StartsWith('^');
                var key = Enum.Parse<ConsoleKey>(name.TrimStart('^'));
                yield return new ConsoleKeyInfo(key == ConsoleKey.Enter ? '\r' : key == ConsoleKey.Tab ? '\t' : '\0', key, shift: false, alt: false, control);
                i = end;
            }
            else
            {
                var c = script[i];
                yield return new ConsoleKeyInfo(c, char.IsLetter(c) ? Enum.Parse<ConsoleKey>(char.ToUpperInvariant(c).ToString()) : ConsoleKey.Spacebar, false, false, false);
            }
        }
    }
}
