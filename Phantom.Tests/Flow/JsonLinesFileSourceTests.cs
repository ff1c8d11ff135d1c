using System.Collections.Concurrent;
using System.Text;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Flow.Sources;

namespace Phantom.Tests.Flow;

public class JsonLinesFileSourceTests
{
    private static async Task<(ConcurrentQueue<(string Line, long Offset, int Shard)> Seen, JsonLinesFileSource Source)> RunAsync(
        string content, int partitions = 3, int bufferSize = 4096)
    {
        var path = Path.Combine(Path.GetTempPath(), $"phantom-flow-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, content);
        try
        {
            var fixture = new PipelineFixture(partitions, "capture");
            var seen = new ConcurrentQueue<(string, long, int)>();
            fixture.Registry.Register("capture", shard => new LambdaStage("capture", (ref EventContext c) =>
                seen.Enqueue((Encoding.UTF8.GetString(c.Record), c.SourceOffset, shard.Shard))));
            await using var pipeline = fixture.Build();
            pipeline.Start();
            var source = new JsonLinesFileSource(path, bufferSize);
            await pipeline.RunSourceAsync(source);
            Assert.True(await pipeline.ShutdownAsync());
            return (seen, source);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_MixedLines_WritesEachNonEmptyLineWithItsLineNumber()
    {
        const string content =
            "{\"sessionId\":\"a\",\"n\":1}\n" +
            "{\"name\":\"no session\"}\r\n" +
            "\n" +
            "{\"sessionId\":\"b\",\"n\":2}\n" +
            "{\"sessionId\":\"a\",\"n\":3}"; // final line without newline

        var (seen, source) = await RunAsync(content);

        var byOffset = seen.OrderBy(s => s.Offset).ToArray();
        Assert.Equal([1L, 2, 4, 5], byOffset.Select(s => s.Offset));
        Assert.Equal("{\"sessionId\":\"a\",\"n\":1}", byOffset[0].Line);
        Assert.Equal("{\"name\":\"no session\"}", byOffset[1].Line); // \r stripped
        Assert.Equal("{\"sessionId\":\"a\",\"n\":3}", byOffset[3].Line);
        Assert.Equal(4, source.Records);
        Assert.Equal(1, source.SkippedEmptyLines);
        Assert.Equal(Utf8Hash.Partition(0, 3), byOffset[1].Shard);
        Assert.Equal(Utf8Hash.Partition(Utf8Hash.Of("a"), 3), byOffset[0].Shard);
        Assert.Equal(Utf8Hash.Partition(Utf8Hash.Of("b"), 3), byOffset[2].Shard);
    }

    [Fact]
    public async Task RunAsync_LinesSpanningReadsAndLongerThanBuffer_ArriveWholeAndInOrder()
    {
        var lines = Enumerable.Range(0, 500)
            .Select(i => $"{{\"sessionId\":\"s{i % 5}\",\"pad\":\"{new string('x', i * 7 % 900)}\",\"i\":{i}}}")
            .ToArray();

        var (seen, source) = await RunAsync(string.Join('\n', lines) + "\n", partitions: 2, bufferSize: 4096);

        Assert.Equal(lines.Length, source.Records);
        Assert.Equal(lines, seen.OrderBy(s => s.Offset).Select(s => s.Line));
        foreach (var session in seen.GroupBy(s => SessionOf(s.Line)))
        {
            var offsets = session.Select(s => s.Offset).ToArray();
            Assert.Equal(offsets.Order(), offsets); // per-session order as written
        }
    }

    private static string SessionOf(string line) =>
        SessionIdScanner.TryFind(Encoding.UTF8.GetBytes(line), out var id) ? Encoding.UTF8.GetString(id) : "";
}
