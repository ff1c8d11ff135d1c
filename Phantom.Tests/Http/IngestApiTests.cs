using System.Net;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Http;

/// <summary>The ingest routes on a real Kestrel, feeding the node's pipeline through the in-process publisher.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class IngestApiTests
{
    private readonly string _session = "ingest-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Ingest_ValidEvent_Returns200AndReachesThePipeline()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(_session));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await NodeHarness.JsonOf(response)).GetProperty("success").GetBoolean());
        await harness.WaitForQuoteAsync(_session, "hotel-deluxe-01");
        Assert.Equal(1, harness.Node.LocalPublisher!.Published);
    }

    [Fact]
    public async Task Ingest_WithoutKey_Returns401()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(_session), key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, harness.Node.LocalPublisher!.Published);
    }

    [Fact]
    public async Task Ingest_WrongKey_Returns403()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(_session), key: "not-the-key");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("X-Phantom-Key", (await NodeHarness.JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_NoKeyConfigured_RouteIsOpen()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null, apiKey: "");

        using var response = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(_session), key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ingest_UnknownEventName_Returns422NamingTheField()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(_session, eventName: "teleport"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var json = await NodeHarness.JsonOf(response);
        Assert.False(json.GetProperty("success").GetBoolean());
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal("eventName", error.GetProperty("field").GetString());
        Assert.Equal("unknown_event_name", error.GetProperty("reason").GetString());
        Assert.Equal(0, harness.Node.LocalPublisher!.Published);
    }

    [Fact]
    public async Task Ingest_TimestampFarInTheFuture_Returns422ForTs()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var future = NodeHarness.Event(_session).Replace(
            $"\"ts\":\"{DateTime.UtcNow:yyyy}", "\"ts\":\"2099", StringComparison.Ordinal);

        using var response = await harness.PostAsync("/api/kafka/ingest", future);

        Assert.Contains("\"ts\":\"2099", future, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await NodeHarness.JsonOf(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal("ts", error.GetProperty("field").GetString());
        Assert.Equal("future_timestamp", error.GetProperty("reason").GetString());
        Assert.Equal(0, harness.Node.LocalPublisher!.Published);
    }

    [Fact]
    public async Task Ingest_WrongFieldTypes_Returns422ListingEachField()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/ingest", """{"sessionId":5,"eventName":"page_view","page":"/","storeMode":"hotel","metadata":"x"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var fields = (await NodeHarness.JsonOf(response)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToArray();
        Assert.Equal(["sessionId", "metadata"], fields);
    }

    [Fact]
    public async Task Ingest_MalformedJson_Returns422ForTheBody()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/ingest", """{"sessionId": """);

        var error = Assert.Single((await NodeHarness.JsonOf(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal("body", error.GetProperty("field").GetString());
        Assert.Equal("malformed_json", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Ingest_Oversize_Returns422()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/ingest", "{\"sessionId\":\"" + new string('x', 20_000) + "\"}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("oversize", (await NodeHarness.JsonOf(response)).GetProperty("errors")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task IngestBatch_JsonLines_AcceptsAllAndReportsTheCount()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var body = string.Join("\n", Enumerable.Range(0, 5).Select(i => NodeHarness.Event(_session + i))) + "\n\n";

        using var response = await harness.PostAsync("/api/kafka/ingest/batch", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, (await NodeHarness.JsonOf(response)).GetProperty("accepted").GetInt32());
        await harness.WaitForQuoteAsync(_session + "4", "hotel-deluxe-01");
    }

    [Fact]
    public async Task IngestBatch_JsonArray_AcceptsAll()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var body = "[" + string.Join(",", Enumerable.Range(0, 3).Select(i => NodeHarness.Event(_session + i))) + "]";

        using var response = await harness.PostAsync("/api/kafka/ingest/batch", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, harness.Node.LocalPublisher!.Published);
    }

    [Fact]
    public async Task IngestBatch_OneBadRecord_Returns422WithItsIndexAndPublishesNothing()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var body = "[" + NodeHarness.Event(_session) + ",{\"sessionId\":\"x\",\"eventName\":\"page_view\",\"storeMode\":\"hotel\"}," + NodeHarness.Event(_session) + "]";

        using var response = await harness.PostAsync("/api/kafka/ingest/batch", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await NodeHarness.JsonOf(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal("page", error.GetProperty("field").GetString());
        Assert.Equal(0, harness.Node.LocalPublisher!.Published);
    }

    [Fact]
    public async Task IngestBatch_WithoutKey_Returns401()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/ingest/batch", NodeHarness.Event(_session), key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PriceLog_Valid_Returns200AndIsCounted()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/price-log", """{"productId":"hotel-deluxe-01","price":150.5,"sessionId":"s","storeMode":"hotel","ts":"2025-11-25T20:21:31.823Z"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await NodeHarness.JsonOf(response)).GetProperty("success").GetBoolean());
        Assert.Equal(1, harness.Node.LocalPublisher!.PriceLogs);
    }

    [Fact]
    public async Task PriceLog_BadFields_Returns422ListingEveryField()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/price-log", """{"productId":"p","price":-3,"storeMode":"boat","ts":"yesterday"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await NodeHarness.JsonOf(response)).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("reason").GetString()!)).ToArray();
        Assert.Equal(
            [("sessionId", "missing_session_id"), ("storeMode", "unknown_store_mode"), ("price", "not_a_positive_price"), ("ts", "bad_timestamp")],
            errors);
    }

    [Fact]
    public async Task PriceLog_WrongKey_Returns403()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.PostAsync("/api/kafka/price-log", "{}", key: "nope");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Ingest_AfterStop_AcceptedRecordsWereAllProcessed()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        var body = string.Join("\n", Enumerable.Range(0, 200).Select(i => NodeHarness.Event(_session + (i % 20))));
        using var response = await harness.PostAsync("/api/kafka/ingest/batch", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.True(await harness.Node.StopAsync());

        Assert.Equal(200, harness.Node.Runtime.Pipeline.GetMetrics().EventsProcessed);
        Assert.Equal(0, harness.Node.LocalPublisher!.Pending);
    }
}
