using Phantom.Streams.Codec;
using Phantom.Streams.Events;
using Phantom.Tests.Infrastructure;
using static Phantom.Tests.Codec.CodecTestData;

namespace Phantom.Tests.Codec;

public class InteractionEventParserAllocationTests
{
    [Fact]
    public void TryParse_ValidRecordsAfterWarmUp_AllocateNothing()
    {
        var catalog = NewCatalog();
        var parser = NewParser(catalog);
        var writer = new InteractionEventWriter();
        var records = new List<byte[]>();
        var options = new CodecOptions();
        var human = System.Text.Encoding.UTF8.GetBytes(options.HumanExperimentId);
        for (var i = 0; i < 64; i++)
        {
            var fields = InteractionEventFields.Create(System.Text.Encoding.UTF8.GetBytes($"7f3c2a1e-0000-4000-8000-{i:D12}"),
                (EventName)(i % EventNames.WireCount), "/hotel/products/hotel-superior-02"u8, StoreMode.Hotel);
            fields.ExperimentId = human;
            fields.ProductId = i % 3 == 0 ? default : "hotel-superior-02"u8;
            fields.UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"u8;
            fields.TimestampMs = i % 4 == 0 ? null : 1_764_102_091_823 + i;
            fields.Price = 121.5;
            fields.BasePrice = 110;
            fields.DwellMs = 1200;
            fields.DateIndex = 2;
            fields.ElementText = "Superior Room"u8;
            records.Add(writer.ToUtf8Bytes(fields));
        }

        // Escaped strings take the scratch-buffer path, including the escaped product id.
        records.Add(Utf8("""{"sessionId":"ab\u0063","eventName":"view\u005fitem_page","page":"\/hotel","productId":"hotel-deluxe-\u0030\u0031","storeMode":"hotel","metadata":{"price":"12.5","x":[1,{"y":2}]}}"""));
        records.Add(Utf8(ContractExample));

        var accepted = 0;
        for (var i = 0; i < records.Count; i++)
        {
            accepted += parser.TryParse(records[i], IngestMs, out _, out _) ? 1 : 0;
        }

        Assert.Equal(records.Count, accepted);
        long checksum = 0;
        var allocated = SteadyStateAllocations.Least(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                parser.TryParse(records[i % records.Count], IngestMs, out var e, out _);
                checksum += e.TimestampMs;
            }
        });

        Assert.NotEqual(0, checksum);
        Assert.Equal(0, allocated);
    }
}
