using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Phantom.Cluster.Dashboard;

namespace Phantom.Tests.Dashboard;

public sealed class DashboardEndpointsTests
{
    [Fact]
    public async Task Page_Get_ServesOneSelfContainedDocument()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);

        using var response = await node.Client.GetAsync(DashboardEndpoints.PagePath);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("EventSource", html);
        // Nothing to fetch from elsewhere: the only absolute URL is the SVG namespace, which browsers never load.
        Assert.All(Regex.Matches(html, @"https?://[^\s""')]+").Select(m => m.Value), url => Assert.Equal("http://www.w3.org/2000/svg", url));
        Assert.DoesNotMatch(@"<(script|link|img)[^>]+(src|href)=", html);
    }

    [Fact]
    public async Task Dashboard_KeyConfigured_AnswersWithoutIt()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);

        using var page = await node.Client.GetAsync(DashboardEndpoints.PagePath);
        using var snapshot = await node.Client.GetAsync(DashboardEndpoints.SnapshotPath);
        using var ingest = await node.Client.PostAsync("/api/kafka/ingest", new StringContent("{}"));

        Assert.True(node.Node.Http.ApiKeyRequired);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ingest.StatusCode); // the key still guards what changes state
    }

    [Fact]
    public async Task Snapshot_WithTraffic_HasEveryPanelInSnakeCase()
    {
        await using var node = await DashboardNode.StartAsync();
        await node.WaitForTrafficAsync(2_000);

        using var response = await node.Client.GetAsync(DashboardEndpoints.SnapshotPath);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(root.GetProperty("events").GetInt64() >= 2_000);
        Assert.True(root.GetProperty("live_sessions").GetInt64() > 0);
        Assert.Equal(AgentHistogram.Bins, root.GetProperty("histogram").GetProperty("f_tau").GetArrayLength());
        Assert.Equal(AgentHistogram.Bins, root.GetProperty("histogram").GetProperty("detector").GetArrayLength());
        Assert.True(root.GetProperty("prices").GetProperty("priced_events").GetInt64() > 0);
        Assert.True(root.GetProperty("coi").TryGetProperty("erosion", out _));
        Assert.True(root.GetProperty("products").GetArrayLength() > 0);
        var self = Assert.Single(root.GetProperty("cluster").GetProperty("nodes").EnumerateArray());
        Assert.Equal(node.Node.Member.Id, self.GetProperty("id").GetString());
        Assert.Equal([0, 1, 2, 3], self.GetProperty("shards").EnumerateArray().Select(s => s.GetInt32()));
    }

    [Fact]
    public async Task Stream_WithTraffic_SendsFramesThatAdvance()
    {
        await using var node = await DashboardNode.StartAsync();
        await node.WaitForTrafficAsync(1_000);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await node.Client.GetAsync(DashboardEndpoints.StreamPath, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var frames = new List<JsonElement>();
        while (frames.Count < 3)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("the stream ended");
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                frames.Add(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
            }
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var sequences = frames.Select(f => f.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.True(frames[^1].GetProperty("events").GetInt64() > frames[0].GetProperty("events").GetInt64());
        Assert.True(frames[^1].GetProperty("events_per_second").GetDouble() > 0);
    }

    [Fact]
    public async Task Stream_ClientLeaves_Unsubscribes()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            using var response = await node.Client.GetAsync(DashboardEndpoints.StreamPath, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            while (!(await reader.ReadLineAsync(timeout.Token) ?? "").StartsWith("data: ", StringComparison.Ordinal))
            {
            }

            Assert.Equal(1, node.Node.Dashboard.Subscribers);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (node.Node.Dashboard.Subscribers > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stream's subscription outlived its client");
            await Task.Delay(20);
        }
    }
}
