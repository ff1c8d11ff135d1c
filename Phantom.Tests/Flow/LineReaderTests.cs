using System.Text;
using Phantom.Streams.Flow.Sources;

namespace Phantom.Tests.Flow;

public sealed class LineReaderTests
{
    [Fact]
    public void TryTakeLine_MixedEndingsEmptyLinesAndNoFinalNewline_EveryLineWithItsNumber()
    {
        var long1 = new string('x', 10_000); // longer than the 4 KiB buffer: it must grow, not split the line
        var input = $"a\r\n\nbb\n{long1}\nlast";

        var lines = Read(input, readSize: 1_000);

        Assert.Equal([(1L, "a"), (2L, ""), (3L, "bb"), (4L, long1), (5L, "last")], lines);
    }

    [Fact]
    public void TryTakeLine_EmptyInput_FinishesWithNoLine()
    {
        Assert.Empty(Read("", readSize: 10));
    }

    private static List<(long Number, string Text)> Read(string input, int readSize)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(input));
        var reader = new LineReader(4096);
        var lines = new List<(long, string)>();
        while (!reader.Finished)
        {
            var space = reader.FreeSpace();
            reader.Filled(stream.Read(space.Span[..Math.Min(readSize, space.Length)]));
            while (reader.TryTakeLine(out var start, out var length))
            {
                lines.Add((reader.LineNumber, Encoding.UTF8.GetString(reader.Buffer, start, length)));
            }
        }

        return lines;
    }
}
