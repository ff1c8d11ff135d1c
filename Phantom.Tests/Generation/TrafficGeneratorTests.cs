using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Phantom.Streams.Agents;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Generation;

namespace Phantom.Tests.Generation;

public partial class TrafficGeneratorTests
{
    private static readonly CodecOptions Codec = new();
    private static readonly string[] Required = ["sessionId", "eventName", "page", "storeMode"];

    private sealed record Line(string SessionId, string Experiment, EventName Name, string Page, string? ProductId, string Mode, string UserAgent, DateTimeOffset Ts, JsonElement? Metadata)
    {
        public bool IsAgent(CodecOptions codec) => Experiment == codec.AgentExperimentId;
    }

    private static PhantomOptions Options(int seed = 7, double alpha = 0.3, int sessions = 200)
    {
        var options = new PhantomOptions();
        options.Generator.Seed = seed;
        options.Generator.Alpha = alpha;
        options.Generator.ConcurrentSessions = sessions;
        return options;
    }

    private static byte[] Generate(PhantomOptions options, int events)
    {
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        using var stream = new MemoryStream();
        generator.WriteLines(stream, events);
        return stream.ToArray();
    }

    private static List<Line> Parse(byte[] jsonl)
    {
        var lines = new List<Line>();
        foreach (var text in Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            Assert.True(EventNames.TryParse(Encoding.UTF8.GetBytes(root.GetProperty("eventName").GetString()!), out var name));
            lines.Add(new Line(
                root.GetProperty("sessionId").GetString()!,
                root.GetProperty("experimentId").GetString()!,
                name,
                root.GetProperty("page").GetString()!,
                root.TryGetProperty("productId", out var product) ? product.GetString() : null,
                root.GetProperty("storeMode").GetString()!,
                root.GetProperty("userAgent").GetString()!,
                DateTimeOffset.ParseExact(root.GetProperty("ts").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                root.TryGetProperty("metadata", out var metadata) ? metadata.Clone() : null));
        }

        return lines;
    }

    private static bool IsHover(EventName name) => name is >= EventName.HoverOverTitle and <= EventName.HoverOverButton;

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV4();

    [Fact]
    public void WriteLines_SameSeed_IdenticalBytes()
    {
        var first = Generate(Options(seed: 42), 20_000);
        var second = Generate(Options(seed: 42), 20_000);

        Assert.Equal(first, second);
    }

    [Fact]
    public void WriteLines_DifferentSeed_DifferentBytes()
    {
        Assert.NotEqual(Generate(Options(seed: 42), 2_000), Generate(Options(seed: 43), 2_000));
    }

    [Fact]
    public void WriteLines_EveryLine_ValidJsonWithRequiredContractFields()
    {
        var options = Options();
        var catalog = new ProductCatalog(options.Catalog);
        var text = Encoding.UTF8.GetString(Generate(options, 20_000));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(20_000, lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            foreach (var field in Required)
            {
                Assert.Equal(JsonValueKind.String, root.GetProperty(field).ValueKind);
            }

            var sessionId = root.GetProperty("sessionId").GetString()!;
            Assert.Matches(UuidV4(), sessionId);
            Assert.True(EventNames.TryParse(Encoding.UTF8.GetBytes(root.GetProperty("eventName").GetString()!), out _));
            Assert.Contains(root.GetProperty("storeMode").GetString(), new[] { "hotel", "airline" });
            Assert.StartsWith("/" + root.GetProperty("storeMode").GetString(), root.GetProperty("page").GetString(), StringComparison.Ordinal);
            Assert.Contains(root.GetProperty("experimentId").GetString(), new[] { Codec.HumanExperimentId, Codec.AgentExperimentId });
            Assert.EndsWith("Z", root.GetProperty("ts").GetString(), StringComparison.Ordinal);
            Assert.True(DateTimeOffset.TryParse(root.GetProperty("ts").GetString(), CultureInfo.InvariantCulture, out _));
            if (root.TryGetProperty("productId", out var productId))
            {
                Assert.True(catalog.TryGet(productId.GetString()!, out var product));
                var metadata = root.GetProperty("metadata");
                Assert.Equal(product.BasePrice, metadata.GetProperty("base_price").GetDouble());
                Assert.True(metadata.GetProperty("price").GetDouble() > 0);
            }
        }
    }

    [Fact]
    public void TryWriteNext_SessionKey_IsHashOfSessionIdBytes()
    {
        var options = Options();
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        var buffer = new byte[generator.MaxLineBytes];
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(generator.TryWriteNext(buffer, out var written, out var key));
            using var doc = JsonDocument.Parse(buffer.AsMemory(0, written));
            Assert.Equal(Utf8Hash.Of(doc.RootElement.GetProperty("sessionId").GetString()!), key);
        }

        Assert.Equal(1_000, generator.EventsWritten);
    }

    [Fact]
    public void TryWriteNext_DestinationTooSmall_FalseAndNothingConsumed()
    {
        var options = Options();
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        var twin = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        var buffer = new byte[generator.MaxLineBytes];

        Assert.False(generator.TryWriteNext(new byte[20], out var none, out _));
        Assert.Equal(0, none);
        generator.TryWriteNext(buffer, out var written, out var key);
        var expected = new byte[twin.MaxLineBytes];
        twin.TryWriteNext(expected, out var expectedWritten, out var expectedKey);

        Assert.Equal(expected.AsSpan(0, expectedWritten).ToArray(), buffer.AsSpan(0, written).ToArray());
        Assert.Equal(expectedKey, key);
    }

    [Fact]
    public void WriteLines_ManySessions_AgentShareIsAlpha()
    {
        var lines = Parse(Generate(Options(alpha: 0.3), 150_000));
        var starts = lines.Where(l => l.Name == EventName.SessionStart).ToList();

        var share = starts.Count(l => l.IsAgent(Codec)) / (double)starts.Count;

        Assert.True(starts.Count > 20_000, $"only {starts.Count} sessions");
        Assert.InRange(share, 0.285, 0.315);
    }

    [Fact]
    public void WriteLines_Sessions_StartExplicitlyInTimeOrderAndBounded()
    {
        var options = Options();
        var lines = Parse(Generate(options, 30_000));

        for (var i = 1; i < lines.Count; i++)
        {
            Assert.True(lines[i].Ts >= lines[i - 1].Ts, $"line {i} goes back in time");
        }

        foreach (var session in lines.GroupBy(l => l.SessionId))
        {
            var events = session.ToList();
            Assert.Equal(EventName.SessionStart, events[0].Name);
            Assert.Equal(1, events.Count(e => e.Name == EventName.SessionStart));
            Assert.True(events.Count <= options.Generator.MaxEventsPerSession);
            Assert.Single(events.Select(e => (e.Experiment, e.Mode, e.UserAgent)).Distinct());
            Assert.DoesNotContain(events.SkipLast(1), e => e.Name == EventName.PurchaseComplete);
        }
    }

    [Fact]
    public void WriteLines_Gaps_AgentsShorterThanHumans()
    {
        var lines = Parse(Generate(Options(alpha: 0.5), 40_000));
        var gaps = lines.GroupBy(l => l.SessionId)
            .SelectMany(s => s.Zip(s.Skip(1), (a, b) => (agent: a.IsAgent(Codec), ms: (b.Ts - a.Ts).TotalMilliseconds)))
            .ToList();

        var human = gaps.Where(g => !g.agent).Average(g => g.ms);
        var agent = gaps.Where(g => g.agent).Average(g => g.ms);

        Assert.True(agent * 3 < human, $"agent mean gap {agent} ms vs human {human} ms");
    }

    [Fact]
    public void WriteLines_HumanSessions_KernelTransitionsFollowHumanKernel()
    {
        var kernel = new AgentOptions().HumanKernel();
        var counts = new long[EventNames.StateCount, EventNames.StateCount];
        foreach (var session in Parse(Generate(Options(alpha: 0.0), 200_000)).GroupBy(l => l.SessionId))
        {
            var states = session.Where(e => !IsHover(e.Name)).Select(e => e.Name).ToList();
            for (var i = 1; i < states.Count; i++)
            {
                counts[(int)states[i - 1], (int)states[i]]++;
            }
        }

        // The end of a session is not an event, so compare the kernel's rows conditioned on not ending.
        EventName[] rows = [EventName.SessionStart, EventName.PageView, EventName.ViewItemPage, EventName.LearnMoreAboutItem, EventName.AddItemToCart, EventName.CheckoutStart];
        foreach (var from in rows)
        {
            var stay = 1 - kernel[from, EventName.SessionEnd];
            var total = Enumerable.Range(0, EventNames.StateCount).Sum(k => counts[(int)from, k]);
            Assert.True(total > 2_000, $"{from}: only {total} transitions");
            for (var to = 0; to < EventNames.StateCount - 1; to++)
            {
                var expected = kernel[from, (EventName)to] / stay;
                var observed = counts[(int)from, to] / (double)total;
                Assert.True(Math.Abs(observed - expected) < 0.025, $"{from}->{(EventName)to}: observed {observed:F3}, kernel {expected:F3}");
            }
        }

        Assert.Equal(0, Enumerable.Range(0, EventNames.StateCount).Sum(k => counts[(int)EventName.Search, k]));
    }

    [Fact]
    public void WriteLines_Hovers_OnlyOnTheProductBeingViewed()
    {
        var lines = Parse(Generate(Options(), 30_000));
        var hovers = 0;
        foreach (var session in lines.GroupBy(l => l.SessionId))
        {
            Line? last = null;
            foreach (var e in session)
            {
                if (IsHover(e.Name))
                {
                    hovers++;
                    Assert.NotNull(last);
                    Assert.Contains(last.Name, new[] { EventName.ViewItemPage, EventName.LearnMoreAboutItem });
                    Assert.Equal(last.ProductId, e.ProductId);
                    Assert.Equal(last.Page, e.Page);
                    Assert.True(e.Metadata!.Value.GetProperty("dwellTime").GetInt32() > 0);
                }
                else
                {
                    last = e;
                }
            }
        }

        Assert.True(hovers > 1_000);
    }

    [Fact]
    public void WriteLines_UserAgents_OnlyAgentsMarkedAtConfiguredShare()
    {
        var options = Options(alpha: 0.5);
        var starts = Parse(Generate(options, 100_000)).Where(l => l.Name == EventName.SessionStart).ToList();
        static bool Headless(string ua) => ua.Contains("Headless", StringComparison.Ordinal) || ua.Contains("PhantomJS", StringComparison.Ordinal);
        static bool Automation(string ua) => ua.Contains("Playwright", StringComparison.Ordinal) || ua.Contains("Selenium", StringComparison.Ordinal) || ua.Contains("Puppeteer", StringComparison.Ordinal);

        var humans = starts.Where(s => !s.IsAgent(Codec)).ToList();
        var agents = starts.Where(s => s.IsAgent(Codec)).ToList();

        Assert.DoesNotContain(humans, h => Headless(h.UserAgent) || Automation(h.UserAgent));
        Assert.InRange(agents.Count(a => Headless(a.UserAgent)) / (double)agents.Count, options.Generator.Agent.HeadlessShare - 0.03, options.Generator.Agent.HeadlessShare + 0.03);
        Assert.InRange(agents.Count(a => Automation(a.UserAgent)) / (double)agents.Count, options.Generator.Agent.AutomationShare - 0.03, options.Generator.Agent.AutomationShare + 0.03);
    }

    [Fact]
    public void WriteFile_Events_OneLinePerEvent()
    {
        var path = Path.Combine(Path.GetTempPath(), $"phantom-gen-{Guid.NewGuid():N}.jsonl");
        try
        {
            var options = Options();
            TrafficGenerator.WriteFile(path, 1_234, options, new ProductCatalog(options.Catalog));

            Assert.Equal(1_234, File.ReadLines(path).Count());
            Assert.Equal(Generate(options, 1_234), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1.5, 10)]
    [InlineData(-0.1, 10)]
    [InlineData(0.3, 0)]
    public void Constructor_OptionsOutOfRange_Throws(double alpha, int sessions)
    {
        var options = Options(alpha: alpha, sessions: sessions);

        Assert.Throws<ArgumentException>(() => new TrafficGenerator(options, new ProductCatalog(options.Catalog)));
    }
}
