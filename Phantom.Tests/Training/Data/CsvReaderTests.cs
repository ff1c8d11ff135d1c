using Phantom.Training.Data;

namespace Phantom.Tests.Training.Data;

public class CsvReaderTests
{
    [Fact]
    public void Read_QuotedFieldsEscapesAndLineEnds_ParsedPerRfc4180()
    {
        var text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,,\"two\nlines\"\n";
        var rows = CsvReader.Read(new StringReader(text)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["a", "b", "c"], rows[0]);
        Assert.Equal(["1", "x, y", "say \"hi\""], rows[1]);
        Assert.Equal(["2", "", "two\nlines"], rows[2]);
    }

    [Fact]
    public void Read_NoTrailingNewlineAndEmptyLines_KeepsLastRecordSkipsBlank()
    {
        var rows = CsvReader.Read(new StringReader("x;y\n\n3;4"), ';').ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["3", "4"], rows[1]);
    }

    [Fact]
    public void Read_UnterminatedQuote_Throws()
    {
        Assert.Throws<InvalidDataException>(() => CsvReader.Read(new StringReader("a,\"b")).ToList());
    }
}
