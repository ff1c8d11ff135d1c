using System.Net;
using System.Text.Json;
using Phantom.Cluster.Membership;
using Phantom.Tests.Ctl;
using Phantom.Tests.Http;

namespace Phantom.Tests.Membership;

/// <summary><c>last_events</c> of <c>GET /admin/sessions/{id}</c> on a node with a journal: the session's latest journaled events.</summary>
public sealed class SessionLastEventsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("phantom-last-events-").FullName;
    private NodeHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await NodeHarness.StartAsync(redis: null, journal: Path.Combine(_directory, "journal.db"));

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Session_JournaledSession_LastEventsAreItsLatestInOrder()
    {
        const int events = SessionStateReader.LastEventCount + 4;
        var body = string.Join("\n", Enumerable.Range(0, events).Select(_ => NodeHarness.Event("last-1")).Append(NodeHarness.Event("other-1")));
        using (var response = await _harness.PostAsync("/api/kafka/ingest/batch", body))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (_harness.Node.JournalWriter!.CommittedEvents < events + 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the events were not journaled in time");
            await Task.Delay(10);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/sessions/last-1");
        request.Headers.Add("X-Phantom-Key", NodeHarness.Key);
        using var answer = await _harness.Client.SendAsync(request);
        var state = await NodeHarness.JsonOf(answer);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var last = state.GetProperty("last_events").EnumerateArray().ToList();
        Assert.Equal(
            Enumerable.Range(events - SessionStateReader.LastEventCount + 1, SessionStateReader.LastEventCount).Select(n => (long)n),
            last.Select(e => e.GetProperty("sequence_nr").GetInt64()));
        Assert.All(last, e => Assert.Equal("last-1", e.GetProperty("event").GetProperty("sessionId").GetString()));

        // What an operator reads: one line per event, newest last.
        var table = await CtlRun.RunAsync(new Uri(_harness.Node.Http.BoundUrls[0]).Authority, NodeHarness.Key, json: false, "session", "show", "last-1");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"#{events}  ", table.Output, StringComparison.Ordinal);
        Assert.Contains("view_item_page  hotel-deluxe-01", table.Output, StringComparison.Ordinal);
    }
}
