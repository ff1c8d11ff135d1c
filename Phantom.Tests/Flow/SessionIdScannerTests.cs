using System.Text;
using Phantom.Streams.Events;
using Phantom.Streams.Flow.Sources;

namespace Phantom.Tests.Flow;

public class SessionIdScannerTests
{
    private static string? Find(string json) =>
        SessionIdScanner.TryFind(Encoding.UTF8.GetBytes(json), out var value) ? Encoding.UTF8.GetString(value) : null;

    [Theory]
    [InlineData("""{"sessionId":"s-1","name":"view"}""", "s-1")]
    [InlineData("""{ "name" : "view" , "sessionId" : "abc" }""", "abc")]
    [InlineData("""{"metadata":{"sessionId":"inner"},"sessionId":"outer"}""", "outer")]
    [InlineData("""{"note":"\"sessionId\":\"fake\"","sessionId":"real"}""", "real")]
    [InlineData("""{"list":[{"sessionId":"x"}],"sessionId":"y"}""", "y")]
    [InlineData("""{"sessionId":"with \"quote\""}""", "with \\\"quote\\\"")]
    public void TryFind_TopLevelStringValue_ReturnsItsRawBytes(string json, string expected) =>
        Assert.Equal(expected, Find(json));

    [Theory]
    [InlineData("""{"name":"view"}""")]
    [InlineData("""{"metadata":{"sessionId":"inner"}}""")]
    [InlineData("""{"sessionId":42}""")]
    [InlineData("""{"sessionId":"unterminated""")]
    [InlineData("""{"value":"sessionId"}""")]
    [InlineData("")]
    public void TryFind_NoTopLevelStringSessionId_ReturnsFalse(string json) => Assert.Null(Find(json));

    [Fact]
    public void KeyOf_RecordWithSessionId_IsHashOfTheId()
    {
        Assert.Equal(Utf8Hash.Of("s-77"), SessionIdScanner.KeyOf("""{"sessionId":"s-77"}"""u8));
        Assert.Equal(0UL, SessionIdScanner.KeyOf("""{"x":1}"""u8));
    }
}
