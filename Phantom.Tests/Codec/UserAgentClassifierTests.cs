using System.Text;
using Phantom.Streams.Codec;
using Phantom.Streams.Events;

namespace Phantom.Tests.Codec;

public class UserAgentClassifierTests
{
    private const UserAgentFlags P = UserAgentFlags.Present;
    private const UserAgentFlags H = UserAgentFlags.Headless;
    private const UserAgentFlags A = UserAgentFlags.Automation;

    public static TheoryData<string, UserAgentFlags> Table() => new()
    {
        // Real browsers.
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", P | UserAgentFlags.FamilyChrome },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", P | UserAgentFlags.FamilyEdge },
        { "Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 EdgA/120.0.0.0", P | UserAgentFlags.FamilyEdge },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0", P | UserAgentFlags.FamilyFirefox },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15", P | UserAgentFlags.FamilyFirefox },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", P | UserAgentFlags.FamilySafari },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", P | UserAgentFlags.FamilyChrome },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0", P | UserAgentFlags.FamilyOther },
        { "curl/8.4.0", P | UserAgentFlags.FamilyOther },
        { "python-requests/2.31.0", P | UserAgentFlags.FamilyOther },
        { "", P | UserAgentFlags.FamilyOther },

        // Headless markers.
        { "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36", P | H | UserAgentFlags.FamilyChrome },
        { "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1", P | H | UserAgentFlags.FamilySafari },
        { "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0 headless", P | H | UserAgentFlags.FamilyFirefox },
        { "phantomjs", P | H | UserAgentFlags.FamilyOther },

        // Automation markers, any case.
        { "Mozilla/5.0 Chrome/120.0 Selenium/4.16", P | A | UserAgentFlags.FamilyChrome },
        { "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0 Playwright/1.40", P | A | UserAgentFlags.FamilyFirefox },
        { "puppeteer", P | A | UserAgentFlags.FamilyOther },
        { "Mozilla/5.0 Safari/605 WEBDRIVER", P | A | UserAgentFlags.FamilySafari },
        { "ChromeDriver 120.0 Chrome/120.0", P | A | UserAgentFlags.FamilyChrome },
        { "GeckoDriver firefox", P | A | UserAgentFlags.FamilyOther },
        { "Mozilla/5.0 HeadlessChrome/120.0 Puppeteer", P | H | A | UserAgentFlags.FamilyChrome },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Classify_UserAgent_GivesFlags(string userAgent, UserAgentFlags expected)
    {
        Assert.Equal(expected, UserAgentClassifier.Classify(Encoding.UTF8.GetBytes(userAgent)));
    }

    [Fact]
    public void Classify_LongUserAgentBeyondStackBuffer_StillFindsMarkers()
    {
        var ua = new string('x', 5000) + " HeadlessChrome/120 Selenium";

        var flags = UserAgentClassifier.Classify(Encoding.UTF8.GetBytes(ua));

        Assert.Equal(P | H | A | UserAgentFlags.FamilyChrome, flags);
    }

    [Fact]
    public void Classify_NonAsciiBytes_AreLeftAlone()
    {
        var flags = UserAgentClassifier.Classify(Encoding.UTF8.GetBytes("Navigateur-é-Ünïcode Firefox/1"));

        Assert.Equal(P | UserAgentFlags.FamilyFirefox, flags);
    }
}
