using System.Text;
using System.Text.Json;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;

namespace Phantom.Tests.DeadLetters;

public class JsonLinesDeadLetterSinkTests
{
    [Fact]
    public void Write_Record_WritesContractLine()
    {
        var stream = new MemoryStream();
        var payload = Encoding.UTF8.GetBytes("{\"sessionId\":\"s\",\"eventName\":\"nope\"}\u00e9");

        using (var sink = new JsonLinesDeadLetterSink(stream, leaveOpen: true))
        {
            sink.Write(5, 1234, RejectReason.UnknownEventName, payload);
            Assert.Equal(1, sink.Written);
        }

        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var doc = JsonDocument.Parse(lines[0]);
        var root = doc.RootElement;
        Assert.Equal(["reason", "offset", "partition", "payloadBase64"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("unknown_event_name", root.GetProperty("reason").GetString());
        Assert.Equal(1234, root.GetProperty("offset").GetInt64());
        Assert.Equal(5, root.GetProperty("partition").GetInt32());
        Assert.Equal(payload, Convert.FromBase64String(root.GetProperty("payloadBase64").GetString()!));
    }

    [Fact]
    public void Write_ToFile_IsReadableAfterFlushAndAppendsAcrossSinks()
    {
        var path = Path.Combine(Path.GetTempPath(), $"phantom-dlq-{Environment.ProcessId}-{Environment.TickCount64}.jsonl");
        try
        {
            using (var sink = new JsonLinesDeadLetterSink(path))
            {
                sink.Write(0, -1, RejectReason.Empty, ReadOnlySpan<byte>.Empty);
                sink.Flush();
                Assert.Single(ReadShared(path));
            }

            using (var sink = new JsonLinesDeadLetterSink(path))
            {
                sink.Write(1, 2, RejectReason.Oversize, [0, 255, 10]);
            }

            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            using var second = JsonDocument.Parse(lines[1]);
            Assert.Equal("oversize", second.RootElement.GetProperty("reason").GetString());
            Assert.Equal(new byte[] { 0, 255, 10 }, second.RootElement.GetProperty("payloadBase64").GetBytesFromBase64());
            using var first = JsonDocument.Parse(lines[0]);
            Assert.Equal(-1, first.RootElement.GetProperty("offset").GetInt64());
            Assert.Equal("", first.RootElement.GetProperty("payloadBase64").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_ConcurrentWriters_EveryLineIntactAndDecodable()
    {
        const int writers = 8;
        const int perWriter = 2_000;
        var stream = new MemoryStream();
        using (var sink = new JsonLinesDeadLetterSink(stream, leaveOpen: true))
        {
            Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, w =>
            {
                for (var i = 0; i < perWriter; i++)
                {
                    sink.Write(w, i, RejectReason.MalformedJson, Encoding.UTF8.GetBytes($"payload {w}:{i} {new string('x', i % 50)}"));
                }
            });
            Assert.Equal(writers * perWriter, sink.Written);
        }

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(writers * perWriter, lines.Length);
        var seen = new HashSet<(int, long)>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var partition = root.GetProperty("partition").GetInt32();
            var offset = root.GetProperty("offset").GetInt64();
            var payload = Encoding.UTF8.GetString(root.GetProperty("payloadBase64").GetBytesFromBase64());
            Assert.Equal($"payload {partition}:{offset} {new string('x', (int)(offset % 50))}", payload);
            Assert.True(seen.Add((partition, offset)));
        }
    }

    [Fact]
    public void Write_AfterDispose_Throws()
    {
        var sink = new JsonLinesDeadLetterSink(new MemoryStream(), leaveOpen: false);
        sink.Dispose();
        sink.Dispose();

        Assert.Throws<ObjectDisposedException>(() => sink.Write(0, 0, RejectReason.Empty, ReadOnlySpan<byte>.Empty));
    }

    private static string[] ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
