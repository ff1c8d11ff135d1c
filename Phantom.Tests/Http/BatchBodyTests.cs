using System.Text;
using Phantom.Cluster.Http;

namespace Phantom.Tests.Http;

public sealed class BatchBodyTests
{
    [Fact]
    public void TrySplit_JsonLinesWithBlankLinesAndCrLf_OneRecordPerLine()
    {
        var body = Encoding.UTF8.GetBytes("{\"a\":1}\r\n\n  \n{\"b\":2}");

        Assert.True(BatchBody.TrySplit(body, 10, out var records, out _));

        Assert.Equal(["{\"a\":1}\r", "{\"b\":2}"], records.Select(r => Encoding.UTF8.GetString(r.Span)).ToArray());
    }

    [Fact]
    public void TrySplit_JsonArray_EachElementIsARecord()
    {
        var body = Encoding.UTF8.GetBytes(" [ {\"a\":[1,2]} , {\"b\":{\"c\":3}}, 7 ] ");

        Assert.True(BatchBody.TrySplit(body, 10, out var records, out _));

        Assert.Equal(["{\"a\":[1,2]}", "{\"b\":{\"c\":3}}", "7"], records.Select(r => Encoding.UTF8.GetString(r.Span)).ToArray());
    }

    [Theory]
    [InlineData("[{\"a\":1}", "malformed_json")]
    [InlineData("[{\"a\":1}] x", "malformed_json")]
    [InlineData("   ", "empty")]
    [InlineData("[]", "empty")]
    public void TrySplit_NotABatch_BodyError(string text, string reason)
    {
        Assert.False(BatchBody.TrySplit(Encoding.UTF8.GetBytes(text), 10, out _, out var problem));

        Assert.Equal("body", problem!.Field);
        Assert.Equal(reason, problem.Reason);
    }

    [Fact]
    public void TrySplit_MoreThanTheLimit_Refused()
    {
        Assert.False(BatchBody.TrySplit(Encoding.UTF8.GetBytes("{}\n{}\n{}"), 2, out _, out var problem));

        Assert.StartsWith("too_many_records", problem!.Reason, StringComparison.Ordinal);
    }
}
