using System.Text;
using Phantom.Streams.Events;
using Phantom.Streams.Randomness;
using Phantom.Streams.Sessions;
using Phantom.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phantom.Tests.Sessions;

[Collection(SerialCollection.Name)]
public class SessionMemoryTests(ITestOutputHelper output)
{
    private const int Sessions = 100_000;

    private static readonly EventName[] Journey =
    [
        EventName.PageView, EventName.Search, EventName.ViewItemPage, EventName.HoverOverTitle, EventName.LearnMoreAboutItem,
        EventName.ViewItemPage, EventName.AddItemToCart, EventName.CheckoutStart, EventName.PurchaseComplete, EventName.PageView,
    ];

    [Fact]
    public void SessionTable_HundredThousandSessionsOfTenEvents_UnderOneKilobyteEach()
    {
        var random = new SeededRandom(42);
        var model = TestEvents.Model();
        var record = new byte[36];

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var table = new SessionTable(model);
        for (var s = 0; s < Sessions; s++)
        {
            // A UUID-shaped id (36 characters), as the storefront sends, so the entity's id string is realistic.
            var id = $"{random.NextUInt64():x16}-{random.NextUInt64():x16}-ab";
            Encoding.ASCII.GetBytes(id, record);
            var start = TestEvents.T0 + (s * 10L);
            for (var i = 0; i < Journey.Length; i++)
            {
                // About 3 products and 6 pages per session, with prices, like a browsing session.
                var product = Journey[i] is EventName.PageView or EventName.Search ? -1 : random.NextInt(3);
                var e = TestEvents.Make(Journey[i], start + (i * 7_000L) + random.NextInt(5_000), product,
                    page: product < 0 ? "/" : $"/item/{product}", basePrice: product < 0 ? double.NaN : 100 + product,
                    userAgent: UserAgentFlags.Present | UserAgentFlags.FamilyChrome, key: Utf8Hash.Of(record));
                e.SessionId = new Utf8Slice(0, record.Length);
                table.Apply(in e, record);
            }
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perSession = (after - before) / (double)Sessions;

        output.WriteLine($"{perSession:F0} bytes per live session (10 events, 36-character id)");
        Assert.Equal(Sessions, table.Count);
        Assert.True(perSession < 1024, $"{perSession:F0} bytes per live session");
        GC.KeepAlive(table);
    }
}
