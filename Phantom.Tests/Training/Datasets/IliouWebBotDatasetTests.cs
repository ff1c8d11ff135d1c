using System.Text;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Training.Data;
using Phantom.Training.Datasets;
using Phantom.Training.Replay;

namespace Phantom.Tests.Training.Datasets;

/// <summary>The web-bot log adapter: real lines parse and map as documented, events pass the codec, the whole data loads.</summary>
public sealed class IliouWebBotDatasetTests
{
    // Verbatim lines of the logs (access_advanced_bots.log and access_moderate_bots.log).
    private const string Sessionless = """- - [01/Nov/2019:10:43:18 +0000] "GET / HTTP/1.0" 200 2045 "-" - "-" """;
    private const string Landing = """- - [01/Nov/2019:10:47:35 +0000] "GET / HTTP/1.1" 200 1172 "-" 97hf7ciplt2k54f5j6109nekn0 "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:70.0) Gecko/20100101 Firefox/70.0" """;
    private const string Stylesheet = """- - [01/Nov/2019:10:47:35 +0000] "GET /css/main.css HTTP/1.1" 200 735 "http://160.40.52.164/" 97hf7ciplt2k54f5j6109nekn0 "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:70.0) Gecko/20100101 Firefox/70.0" """;
    private const string Beacon = """- - [30/Oct/2019:13:07:59 +0000] "POST /storage/store_sess_total_mousemv_db.php HTTP/1.1" 200 449 "https://160.40.52.164/content/data_management.php" tgjeh5ae9h3v4vmds3oemkq48n "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/77.0.3865.90 Safari/537.36 OPR/64.0.3417.61" """;
    private const string MouseMove = """- - [30/Oct/2019:13:08:03 +0000] "POST /storage/store_mousemv_db.php HTTP/1.1" 200 449 "https://160.40.52.164/content/data_management.php" tgjeh5ae9h3v4vmds3oemkq48n "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/77.0.3865.90 Safari/537.36 OPR/64.0.3417.61" """;
    private const string Section = """- - [30/Oct/2019:13:08:03 +0000] "GET /content/web_bots.php HTTP/1.1" 200 4052 "https://160.40.52.164/content/data_management.php" tgjeh5ae9h3v4vmds3oemkq48n "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/77.0.3865.90 Safari/537.36 OPR/64.0.3417.61" """;

    [Fact]
    public void TryParse_RealLines_ReadsEveryField()
    {
        Assert.True(WebLogLine.TryParse(Landing.TrimEnd(), out var landing));
        Assert.Equal(new DateTimeOffset(2019, 11, 1, 10, 47, 35, TimeSpan.Zero), landing.Time);
        Assert.Equal("GET", landing.Method);
        Assert.Equal("/", landing.Path);
        Assert.Equal(200, landing.Status);
        Assert.Equal("97hf7ciplt2k54f5j6109nekn0", landing.SessionId);
        Assert.StartsWith("Mozilla/5.0 (X11; Ubuntu", landing.UserAgent, StringComparison.Ordinal);

        Assert.True(WebLogLine.TryParse(Sessionless.TrimEnd(), out var sessionless));
        Assert.Null(sessionless.SessionId);
        Assert.Equal("", sessionless.UserAgent);

        Assert.False(WebLogLine.TryParse("not a log line", out _));
        Assert.False(WebLogLine.TryParse("""- - [32/Nov/2019:10:43:18 +0000] "GET / HTTP/1.0" 200 2045 "-" - "-" """, out _));
    }

    [Theory]
    [InlineData(Landing, true, EventName.PageView, null)]
    [InlineData(Stylesheet, false, EventName.PageView, null)]
    [InlineData(Beacon, false, EventName.PageView, null)]
    [InlineData(MouseMove, true, EventName.HoverOverParagraph, null)]
    [InlineData(Section, true, EventName.PageView, null)]
    [InlineData("""- - [30/Oct/2019:13:08:03 +0000] "GET /content/web_bots/website.php HTTP/1.1" 200 4052 "-" s1 "UA" """, true, EventName.ViewItemPage, "web_bots/website")]
    [InlineData("""- - [30/Oct/2019:13:08:03 +0000] "GET /content/machine_learning/unsupervised_learning/gans.php?x=1 HTTP/1.1" 200 4052 "-" s1 "UA" """, true, EventName.LearnMoreAboutItem, "machine_learning/unsupervised_learning")]
    public void TryMap_Requests_MapAsDocumented(string text, bool kept, EventName name, string? product)
    {
        Assert.True(WebLogLine.TryParse(text.TrimEnd(), out var line));

        var mapped = WebLogEventMapping.TryMap(line, out var actual, out var actualProduct);

        Assert.Equal(kept, mapped);
        if (kept)
        {
            Assert.Equal(name, actual);
            Assert.Equal(product, actualProduct);
        }
    }

    [Fact]
    public void ToEvent_MappedLine_IsAContractEventTheCodecAccepts()
    {
        Assert.True(WebLogLine.TryParse(MouseMove.TrimEnd(), out var line));
        var json = IliouWebBotDataset.ToEvent(line, EventName.HoverOverParagraph, null, IliouWebBotDataset.ExperimentId("moderate_bot"));
        var options = new PhantomOptions();
        var parser = new InteractionEventParser(options.Codec, new ProductCatalog(options.Catalog));

        Assert.True(parser.TryParse(json, 0, out var e, out var reason), reason.ToString());
        Assert.Equal(EventName.HoverOverParagraph, e.Name);
        Assert.Equal(new DateTimeOffset(2019, 10, 30, 13, 8, 3, TimeSpan.Zero).ToUnixTimeMilliseconds(), e.TimestampMs);
        Assert.Equal("tgjeh5ae9h3v4vmds3oemkq48n", Encoding.UTF8.GetString(e.SessionId.In(json)));
        Assert.NotEqual(UserAgentFlags.None, e.UserAgent);
        Assert.Equal(GroundTruth.Agent, IliouWebBotDataset.Labels.Lookup(e.ExperimentId.In(json)));
    }

    [Fact]
    public void Load_SharedLogs_OnlyAnnotatedSessionsInTimeOrderAndTheKnownGaps()
    {
        var data = IliouWebBotDataset.Load(DatasetLocator.Require(IliouWebBotDataset.FolderName));
        var options = PhantomConfiguration.Load("embedded", overrides: [new("phantom.session.passivate-idle-after", "365d")]);

        var sessions = new SessionReplayer(options, new ReplayOptions { Labels = IliouWebBotDataset.Labels })
            .ReplayAll(data.Source(), out var stats);

        Assert.Equal(41_239, data.LinesRead); // 2,707 + 5,341 + 9,391 + 9,900 + 13,900 (README)
        Assert.Equal(0, data.LinesUnparsed);
        Assert.Equal(0, stats.Rejected);
        Assert.Equal(data.Events.Count, stats.Events);
        Assert.Equal(50, data.Annotations["humans_and_moderate_bots"].Count(a => !a.IsBot));
        Assert.Equal(100, data.Annotations["humans_and_advanced_bots"].Count);
        // The README's known gaps: some human logs and the tails of the bot logs are missing.
        Assert.Equal(35, sessions.Count(s => s.Label == GroundTruth.Human));
        Assert.Equal(80, sessions.Count(s => s.Label == GroundTruth.Agent));
        Assert.Equal(sessions.Count, sessions.Select(s => s.SessionId).Distinct().Count());
    }
}
