using System.Globalization;
using Microsoft.Playwright;

namespace Phantom.Tests.Dashboard;

/// <summary>
/// Drives <c>/dashboard</c> in headless Chromium (Debian's <c>chromium</c>, which test.sh installs) through Playwright's
/// bundled driver: the page must connect to the stream, fill its numbers from the first frame and keep changing them
/// while traffic flows, and draw the histogram and the shard map.
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Page_WithTraffic_ShowsNumbersThatUpdate()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (./test.sh does)");
        await using var node = await DashboardNode.StartAsync();
        await node.WaitForTrafficAsync(1_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root in CI cannot use Chromium's sandbox; the page is our own, served on loopback.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(node.BaseAddress, "/dashboard").ToString());
        var wait = new PageWaitForFunctionOptions { Timeout = 20_000 };
        await page.WaitForFunctionAsync("document.getElementById('status').textContent === 'live'", null, wait);
        await page.WaitForFunctionAsync("/^[0-9,]+$/.test(document.getElementById('live-sessions').textContent)", null, wait);

        var firstEvents = await Number(page, "#events");
        var firstSessions = await Number(page, "#live-sessions");
        var firstRate = await page.TextContentAsync("#events-per-second");
        var firstSequence = await Number(page, "#sequence");

        // Numbers change as frames arrive: a later frame, more events, a different live-session count and rate.
        await page.WaitForFunctionAsync(
            "([events, sessions, rate]) => Number(document.getElementById('events').textContent.replace(/,/g, '')) > events" +
            " && Number(document.getElementById('live-sessions').textContent.replace(/,/g, '')) !== sessions" +
            " && document.getElementById('events-per-second').textContent !== rate",
            new object[] { firstEvents, firstSessions, firstRate! },
            wait);
        Assert.True(await Number(page, "#sequence") > firstSequence);
        Assert.True(await Number(page, "#events-per-second") > 0);
        Assert.True(firstSessions > 0);

        // The histogram: one f(τ) and one detector bar per bin, some of them non-empty.
        Assert.Equal(20, await page.Locator("#histogram rect.bar-f").CountAsync());
        Assert.Equal(20, await page.Locator("#histogram rect.bar-detector").CountAsync());
        var counts = await page.EvalOnSelectorAllAsync<long[]>("#histogram rect.bar-f", "bars => bars.map(b => Number(b.getAttribute('data-count')))");
        Assert.True(counts.Sum() > 0);

        // The shard map: every shard drawn, each owned by this node.
        Assert.Equal(node.Node.Runtime.Partitions, await page.Locator("#shard-map .shard").CountAsync());
        var owners = await page.EvalOnSelectorAllAsync<string[]>("#shard-map .shard", "cells => cells.map(c => c.getAttribute('data-node'))");
        Assert.All(owners, owner => Assert.Equal(node.Node.Member.Id, owner));
        Assert.Equal(1, await page.Locator("#nodes tbody tr").CountAsync());

        // Demand and prices filled in.
        Assert.True(await page.Locator("#products tbody tr").CountAsync() > 0);
        Assert.Matches(@"^[0-9]+\.[0-9]{2}$", await page.TextContentAsync("#price-likely-agent"));
        Assert.Matches(@"^[0-9]+\.[0-9]{2}$", await page.TextContentAsync("#coi-level"));
        Assert.Empty(errors);
    }

    private static async Task<double> Number(IPage page, string selector)
    {
        var text = await page.TextContentAsync(selector) ?? "";
        return double.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }
}
