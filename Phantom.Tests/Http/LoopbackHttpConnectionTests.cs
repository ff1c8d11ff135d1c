using System.Text;
using Phantom.Cluster.Http;

namespace Phantom.Tests.Http;

/// <summary>The load generator's in-place HTTP/1.1 response parser.</summary>
public sealed class LoopbackHttpConnectionTests
{
    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void TryParse_ContentLengthResponse_ConsumesHeadersAndBody()
    {
        var data = Bytes("HTTP/1.1 200 OK\r\ncontent-length: 5\r\nContent-Type: application/json\r\n\r\n{\"a\"}");

        Assert.True(LoopbackHttpConnection.TryParse(data, out var consumed, out var status));

        Assert.Equal(200, status);
        Assert.Equal(data.Length, consumed);
    }

    [Fact]
    public void TryParse_BodyNotYetComplete_False()
    {
        var data = Bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"a\"}");

        Assert.False(LoopbackHttpConnection.TryParse(data, out _, out _));
        Assert.False(LoopbackHttpConnection.TryParse(Bytes("HTTP/1.1 200 OK\r\nContent-Len"), out _, out _));
    }

    [Fact]
    public void TryParse_TwoPipelinedResponses_FirstOnlyThenSecond()
    {
        var first = "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}";
        var data = Bytes(first + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        Assert.True(LoopbackHttpConnection.TryParse(data, out var consumed, out var status));
        Assert.Equal(404, status);
        Assert.Equal(first.Length, consumed);
        Assert.True(LoopbackHttpConnection.TryParse(data.AsSpan(consumed), out var second, out status));
        Assert.Equal(200, status);
        Assert.Equal(data.Length - first.Length, second);
    }

    [Fact]
    public void TryParse_ChunkedResponse_ConsumesUpToTheLastChunk()
    {
        var response = "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n1\r\n}\r\n0\r\n\r\n";
        var data = Bytes(response + "HTTP/1.1");

        Assert.True(LoopbackHttpConnection.TryParse(data, out var consumed, out var status));

        Assert.Equal(400, status);
        Assert.Equal(response.Length, consumed);
        Assert.False(LoopbackHttpConnection.TryParse(Bytes(response[..^2]), out _, out _));
    }

    [Fact]
    public void TryParse_NotHttp_Throws() =>
        Assert.Throws<InvalidDataException>(() => LoopbackHttpConnection.TryParse(Bytes("SSH-2.0-OpenSSH\r\n\r\n"), out _, out _));
}
