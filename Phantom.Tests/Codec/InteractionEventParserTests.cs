using Phantom.Streams.Codec;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using static Phantom.Tests.Codec.CodecTestData;

namespace Phantom.Tests.Codec;

public class InteractionEventParserTests
{
    [Fact]
    public void TryParse_ContractExample_ReadsEveryField()
    {
        var catalog = NewCatalog();
        var countBefore = catalog.Count;
        var record = Utf8(ContractExample);

        var e = ParseOk(NewParser(catalog), record);

        Assert.Equal("d423ce8a-77aa-4c9a-94d4-d1adddcc3472", Text(e.SessionId, record));
        Assert.Equal(Utf8Hash.Of("d423ce8a-77aa-4c9a-94d4-d1adddcc3472"), e.SessionKey);
        Assert.Equal("53aefd07-f66a-4d7f-ba8b-7ea1fc562d35", Text(e.ExperimentId, record));
        Assert.Equal(GroundTruth.Unknown, e.Truth);
        Assert.Equal(EventName.HoverOverTitle, e.Name);
        Assert.Equal("/hotel/products", Text(e.Page, record));
        Assert.Equal(Utf8Hash.Of("/hotel/products"), e.PageHash);
        Assert.False(e.IsAdminPage);
        Assert.Equal("51266ddb-5b07-47b7-89ee-5b5cae94bb11", Text(e.ProductId, record));
        Assert.Equal(StoreMode.Hotel, e.Mode);
        Assert.Equal(1200.0, e.DwellMs);
        Assert.True(double.IsNaN(e.Price));
        Assert.True(double.IsNaN(e.BasePrice));
        Assert.Equal(UserAgentFlags.None, e.UserAgent);
        Assert.Equal(new DateTimeOffset(2025, 11, 25, 20, 21, 31, 823, TimeSpan.Zero).ToUnixTimeMilliseconds(), e.TimestampMs);

        // The product was unknown to the demo catalog: registered once, with the default base price.
        Assert.Equal(countBefore + 1, catalog.Count);
        Assert.True(e.HasProduct);
        Assert.Equal("51266ddb-5b07-47b7-89ee-5b5cae94bb11", catalog[e.ProductIndex].Id);
        Assert.Equal(StoreMode.Hotel, catalog[e.ProductIndex].Mode);
        Assert.Equal(new Streams.Catalog.CatalogOptions().UnknownProductBasePrice, catalog[e.ProductIndex].BasePrice);
    }

    [Fact]
    public void TryParse_KnownProduct_UsesCatalogIndexWithoutRegistering()
    {
        var catalog = NewCatalog();
        Assert.True(catalog.TryGet("airline-fl03-07", out var product));
        var countBefore = catalog.Count;

        var e = ParseOk(NewParser(catalog), Utf8(
            """{"sessionId":"s","eventName":"view_item_page","page":"/airline/products/airline-fl03-07","productId":"airline-fl03-07","storeMode":"airline"}"""));

        Assert.Equal(product.Index, e.ProductIndex);
        Assert.Equal(StoreMode.Airline, e.Mode);
        Assert.Equal(countBefore, catalog.Count);
    }

    [Fact]
    public void TryParse_NewProductWithBasePrice_RegistersWithThatPrice()
    {
        var catalog = NewCatalog();

        var e = ParseOk(NewParser(catalog), Utf8(Minimal(""","productId":"suite-x","metadata":{"price":"321.5","base_price":250}""")));

        Assert.Equal(321.5, e.Price);
        Assert.Equal(250.0, e.BasePrice);
        Assert.Equal("suite-x", catalog[e.ProductIndex].Id);
        Assert.Equal(250.0, catalog[e.ProductIndex].BasePrice);
    }

    [Theory]
    [InlineData(""","productId":null""")]
    [InlineData(""","productId":"" """)]
    [InlineData("")]
    public void TryParse_NullEmptyOrMissingProductId_HasNoProduct(string extra)
    {
        var catalog = NewCatalog();
        var countBefore = catalog.Count;

        var e = ParseOk(NewParser(catalog), Utf8(Minimal(extra)));

        Assert.False(e.HasProduct);
        Assert.Equal(-1, e.ProductIndex);
        Assert.Equal(countBefore, catalog.Count);
    }

    [Fact]
    public void TryParse_MinimalEvent_DefaultsOptionalFields()
    {
        var record = Utf8(Minimal());

        var e = ParseOk(NewParser(), record);

        Assert.Equal(EventName.PageView, e.Name);
        Assert.Equal(IngestMs, e.TimestampMs);
        Assert.Equal(GroundTruth.Unknown, e.Truth);
        Assert.True(e.ExperimentId.IsEmpty);
        Assert.True(e.ProductId.IsEmpty);
        Assert.True(double.IsNaN(e.Price) && double.IsNaN(e.BasePrice) && double.IsNaN(e.DwellMs));
        Assert.Equal(UserAgentFlags.None, e.UserAgent);
        Assert.Equal("s-1", Text(e.SessionId, record));
    }

    [Fact]
    public void TryParse_ConfiguredExperimentIds_SetGroundTruth()
    {
        var options = new CodecOptions { HumanExperimentId = "human-xp", AgentExperimentId = "agent-xp" };
        var parser = NewParser(options: options);

        Assert.Equal(GroundTruth.Human, ParseOk(parser, Utf8(Minimal(""","experimentId":"human-xp" """))).Truth);
        Assert.Equal(GroundTruth.Agent, ParseOk(parser, Utf8(Minimal(""","experimentId":"agent-xp" """))).Truth);
        Assert.Equal(GroundTruth.Unknown, ParseOk(parser, Utf8(Minimal(""","experimentId":"agent-xp2" """))).Truth);
        Assert.Equal(GroundTruth.Unknown, ParseOk(parser, Utf8(Minimal(""","experimentId":"" """))).Truth);
        Assert.Equal(GroundTruth.Unknown, ParseOk(parser, Utf8(Minimal(""","experimentId":null"""))).Truth);
    }

    [Fact]
    public void TryParse_DefaultGeneratorExperimentIds_SetGroundTruth()
    {
        var options = new CodecOptions();
        var parser = NewParser(options: options);

        var human = ParseOk(parser, Utf8(Minimal($",\"experimentId\":\"{options.HumanExperimentId}\"")));
        var agent = ParseOk(parser, Utf8(Minimal($",\"experimentId\":\"{options.AgentExperimentId}\"")));

        Assert.Equal(GroundTruth.Human, human.Truth);
        Assert.Equal(GroundTruth.Agent, agent.Truth);
    }

    [Fact]
    public void TryParse_EveryWireEventName_ParsesToItsEnum()
    {
        var parser = NewParser();
        for (var i = 0; i < EventNames.WireCount; i++)
        {
            var name = (EventName)i;
            var json = "{\"sessionId\":\"s\",\"eventName\":\"" + name.ToWire() + "\",\"page\":\"/p\",\"storeMode\":\"hotel\"}";

            Assert.Equal(name, ParseOk(parser, Utf8(json)).Name);
        }
    }

    [Theory]
    [InlineData("/admin/", true)]
    [InlineData("/admin/prices", true)]
    [InlineData("/admin", false)]
    [InlineData("/hotel/admin/x", false)]
    [InlineData("/Admin/x", false)]
    public void TryParse_Page_FlagsAdminPagesByPrefix(string page, bool isAdmin)
    {
        var e = ParseOk(NewParser(), Utf8("{\"sessionId\":\"s\",\"eventName\":\"page_view\",\"page\":\"" + page + "\",\"storeMode\":\"hotel\"}"));

        Assert.Equal(isAdmin, e.IsAdminPage);
        Assert.Equal(Utf8Hash.Of(page), e.PageHash);
    }

    [Fact]
    public void TryParse_AdminPageWithProduct_DoesNotRegisterProduct()
    {
        var catalog = NewCatalog();
        var countBefore = catalog.Count;

        var e = ParseOk(NewParser(catalog), Utf8(
            """{"sessionId":"s","eventName":"view_item_page","page":"/admin/products","productId":"admin-only","storeMode":"hotel"}"""));

        Assert.True(e.IsAdminPage);
        Assert.Equal(-1, e.ProductIndex);
        Assert.Equal(countBefore, catalog.Count);
    }

    [Fact]
    public void TryParse_Metadata_ReadsNumbersAndNumericStringsAndSkipsTheRest()
    {
        var e = ParseOk(NewParser(), Utf8(Minimal(
            ""","metadata":{"nested":{"price":1,"deep":[1,{"a":2}]},"list":[3,4],"price":129.99,"flag":true,"base_price":"110","elementText":"x","dwellTime":1.5e3,"n":null}""")));

        Assert.Equal(129.99, e.Price);
        Assert.Equal(110.0, e.BasePrice);
        Assert.Equal(1500.0, e.DwellMs);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("{\"x\":1}")]
    [InlineData("[1]")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("1e400")]
    public void TryParse_MetadataPriceNotAFiniteNumber_LeavesPriceNaN(string value)
    {
        var e = ParseOk(NewParser(), Utf8(Minimal(",\"metadata\":{\"price\":" + value + "}")));

        Assert.True(double.IsNaN(e.Price));
    }

    [Fact]
    public void TryParse_MetadataNull_IsAbsent()
    {
        var e = ParseOk(NewParser(), Utf8(Minimal(""","metadata":null""")));

        Assert.True(double.IsNaN(e.Price));
    }

    [Fact]
    public void TryParse_UserAgent_IsClassified()
    {
        var e = ParseOk(NewParser(), Utf8(Minimal(
            ""","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36" """)));

        Assert.Equal(UserAgentFlags.Present | UserAgentFlags.Headless | UserAgentFlags.FamilyChrome, e.UserAgent);
    }

    [Fact]
    public void TryParse_UnknownTopLevelFields_AreSkipped()
    {
        var e = ParseOk(NewParser(), Utf8(Minimal(""","extra":{"a":[1,2,{"b":null}]},"n":1,"t":true,"s":"x","arr":[]""")));

        Assert.Equal(EventName.PageView, e.Name);
    }

    [Fact]
    public void TryParse_DuplicateFields_LastWins()
    {
        var record = Utf8(
            """{"sessionId":"first","eventName":"nope","page":"/a","storeMode":"bogus","sessionId":"second","eventName":"search","page":"/b","storeMode":"airline","metadata":{"price":1},"metadata":{"dwellTime":2}}""");

        var e = ParseOk(NewParser(), record);

        Assert.Equal("second", Text(e.SessionId, record));
        Assert.Equal(Utf8Hash.Of("second"), e.SessionKey);
        Assert.Equal(EventName.Search, e.Name);
        Assert.Equal("/b", Text(e.Page, record));
        Assert.Equal(StoreMode.Airline, e.Mode);
        Assert.True(double.IsNaN(e.Price));
        Assert.Equal(2.0, e.DwellMs);
    }

    [Fact]
    public void TryParse_LaterValidDuplicateAfterBadTimestamp_Accepts()
    {
        var e = ParseOk(NewParser(), Utf8(Minimal(""","ts":"yesterday","ts":"2025-01-01T00:00:00Z" """)));

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), e.TimestampMs);
    }

    [Fact]
    public void TryParse_EscapedStrings_HashAndCompareUnescapedBytes()
    {
        // \u0073 = 's', \u005f = '_', \/ = '/': every field written with escapes must mean what its plain form means.
        var escaped = Utf8(
            """{"\u0073essionId":"ab\u0063","eventName":"view\u005fitem\u005fpage","page":"\/admin\/x","productId":"hotel-deluxe-\u0030\u0031","storeMode":"air\u006cine","ts":"2025-11-25T20:21:31.823\u005a"}""");
        var plain = Utf8(
            """{"sessionId":"abc","eventName":"view_item_page","page":"/admin/x","productId":"hotel-deluxe-01","storeMode":"airline","ts":"2025-11-25T20:21:31.823Z"}""");
        var parser = NewParser();

        var a = ParseOk(parser, escaped);
        var b = ParseOk(parser, plain);

        Assert.Equal(b.SessionKey, a.SessionKey);
        Assert.Equal(b.Name, a.Name);
        Assert.Equal(b.PageHash, a.PageHash);
        Assert.True(a.IsAdminPage);
        Assert.Equal(b.Mode, a.Mode);
        Assert.Equal(b.TimestampMs, a.TimestampMs);

        // Slices point at the raw, still escaped, bytes between the quotes.
        Assert.Equal("ab\\u0063", Text(a.SessionId, escaped));
    }

    [Fact]
    public void TryParse_EscapedProductId_ResolvesTheUnescapedProduct()
    {
        var catalog = NewCatalog();
        Assert.True(catalog.TryGet("hotel-deluxe-01", out var product));
        var countBefore = catalog.Count;

        var e = ParseOk(NewParser(catalog), Utf8(
            """{"sessionId":"s","eventName":"view_item_page","page":"/p","productId":"hotel-deluxe-\u0030\u0031","storeMode":"hotel","metadata":{"note":"\"quoted\" \\ text"}}"""));

        Assert.Equal(product.Index, e.ProductIndex);
        Assert.Equal(countBefore, catalog.Count);
    }

    [Fact]
    public void TryParse_UnicodeSessionId_HashesUtf8AndSlicesRawBytes()
    {
        const string session = "sésame-会话-🙂";
        var record = Utf8(Minimal().Replace("\"s-1\"", "\"" + session + "\""));

        var e = ParseOk(NewParser(), record);

        Assert.Equal(session, Text(e.SessionId, record));
        Assert.Equal(Utf8Hash.Of(session), e.SessionKey);
    }

    [Fact]
    public void TryParse_UnicodeEscapesForNonAscii_HashLikeRawUtf8()
    {
        var parser = NewParser();

        var escaped = ParseOk(parser, Utf8(Minimal().Replace("\"s-1\"", "\"s\\u00e9\\ud83d\\ude42\"")));
        var raw = ParseOk(parser, Utf8(Minimal().Replace("\"s-1\"", "\"sé🙂\"")));

        Assert.Equal(raw.SessionKey, escaped.SessionKey);
    }

    [Fact]
    public void TryParse_SurroundingWhitespace_IsAccepted()
    {
        var e = ParseOk(NewParser(), Utf8("  \t" + Minimal() + "\r\n"));

        Assert.Equal(EventName.PageView, e.Name);
    }

    [Fact]
    public void TryParse_SessionIdAtLimit_IsAccepted()
    {
        var options = new CodecOptions { MaxSessionIdBytes = 8 };

        var e = ParseOk(NewParser(options: options), Utf8(Minimal().Replace("\"s-1\"", "\"12345678\"")));

        Assert.Equal(Utf8Hash.Of("12345678"), e.SessionKey);
    }

    [Fact]
    public void TryParse_RecordAtSizeLimit_IsAccepted()
    {
        var record = Utf8(Minimal());
        var options = new CodecOptions { MaxEventBytes = record.Length };

        Assert.Equal(EventName.PageView, ParseOk(NewParser(options: options), record).Name);
    }

    public static TheoryData<string, RejectReason> BadRecords() => new()
    {
        { "", RejectReason.Empty },
        { "   \r\n", RejectReason.Empty },
        { "{", RejectReason.MalformedJson },
        { Minimal()[..^1], RejectReason.MalformedJson },
        { Minimal()[..30], RejectReason.MalformedJson },
        { Minimal() + "x", RejectReason.MalformedJson },
        { Minimal() + "{}", RejectReason.MalformedJson },
        { Minimal() + Minimal(), RejectReason.MalformedJson },
        { Minimal().Replace("\"page\":", "\"page\"") , RejectReason.MalformedJson },
        { "{'sessionId':'s'}", RejectReason.MalformedJson },
        { Minimal(",") , RejectReason.MalformedJson },
        { Minimal(""","metadata":{"price":1""") , RejectReason.MalformedJson },
        { Minimal().Replace("\"s-1\"", "\"\\uD800\""), RejectReason.MalformedJson },
        { Minimal(""","productId":"\uDC00x" """), RejectReason.MalformedJson },
        { Minimal(""","metadata":""" + new string('[', 100) + new string(']', 100) + "}"), RejectReason.MalformedJson },
        { "[" + Minimal() + "]", RejectReason.NotAnObject },
        { "\"event\"", RejectReason.NotAnObject },
        { "42", RejectReason.NotAnObject },
        { "null", RejectReason.NotAnObject },
        { "[1,2", RejectReason.MalformedJson },
        { """{"eventName":"page_view","page":"/p","storeMode":"hotel"}""", RejectReason.MissingSessionId },
        { Minimal().Replace("\"s-1\"", "\"\""), RejectReason.MissingSessionId },
        { Minimal().Replace("\"s-1\"", "null"), RejectReason.MissingSessionId },
        { Minimal().Replace("\"s-1\"", "\"" + new string('x', 129) + "\""), RejectReason.SessionIdTooLong },
        { """{"sessionId":"s","page":"/p","storeMode":"hotel"}""", RejectReason.MissingEventName },
        { Minimal().Replace("\"page_view\"", "null"), RejectReason.MissingEventName },
        { Minimal().Replace("page_view", "session_end"), RejectReason.UnknownEventName },
        { Minimal().Replace("page_view", "PAGE_VIEW"), RejectReason.UnknownEventName },
        { Minimal().Replace("page_view", "page_view "), RejectReason.UnknownEventName },
        { Minimal().Replace("page_view", ""), RejectReason.UnknownEventName },
        { """{"sessionId":"s","eventName":"page_view","storeMode":"hotel"}""", RejectReason.MissingPage },
        { Minimal().Replace("\"/hotel\"", "\"\""), RejectReason.MissingPage },
        { """{"sessionId":"s","eventName":"page_view","page":"/p"}""", RejectReason.MissingStoreMode },
        { Minimal().Replace("\"storeMode\":\"hotel\"", "\"storeMode\":null"), RejectReason.MissingStoreMode },
        { Minimal().Replace("\"storeMode\":\"hotel\"", "\"storeMode\":\"Hotel\""), RejectReason.UnknownStoreMode },
        { Minimal().Replace("\"storeMode\":\"hotel\"", "\"storeMode\":\"train\""), RejectReason.UnknownStoreMode },
        { Minimal(""","ts":"2025-11-25 20:21:31Z" """), RejectReason.BadTimestamp },
        { Minimal(""","ts":"" """), RejectReason.BadTimestamp },
        { Minimal(""","ts":"2025-02-30T00:00:00Z" """), RejectReason.BadTimestamp },
        { Minimal(""","ts":1764102091823"""), RejectReason.WrongFieldType },
        { Minimal().Replace("\"s-1\"", "12345"), RejectReason.WrongFieldType },
        { Minimal().Replace("\"s-1\"", "{\"id\":1}"), RejectReason.WrongFieldType },
        { Minimal().Replace("\"page_view\"", "[\"page_view\"]"), RejectReason.WrongFieldType },
        { Minimal().Replace("\"/hotel\"", "7"), RejectReason.WrongFieldType },
        { Minimal().Replace("\"hotel\"}", "true}"), RejectReason.WrongFieldType },
        { Minimal(""","metadata":[1,2]"""), RejectReason.WrongFieldType },
        { Minimal(""","metadata":"price=1" """), RejectReason.WrongFieldType },
        { Minimal(""","productId":42"""), RejectReason.WrongFieldType },
        { Minimal(""","experimentId":{}"""), RejectReason.WrongFieldType },
        { Minimal(""","userAgent":false"""), RejectReason.WrongFieldType },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void TryParse_BadRecord_RejectsWithReason(string json, RejectReason expected)
    {
        Assert.Equal(expected, ParseBad(NewParser(), Utf8(json)));
    }

    [Fact]
    public void TryParse_OversizeRecord_RejectsBeforeParsing()
    {
        // Valid JSON one byte over the limit: only the size check can reject it.
        var options = new CodecOptions { MaxEventBytes = 1024 };
        var record = Utf8(Minimal(",\"pad\":\"" + new string('p', 1024) + "\""));

        Assert.Equal(RejectReason.Oversize, ParseBad(NewParser(options: options), record));
    }

    [Fact]
    public void TryParse_HugeGarbage_RejectsAsOversize()
    {
        var record = new byte[10 * 1024 * 1024];
        record.AsSpan().Fill((byte)'[');

        Assert.Equal(RejectReason.Oversize, ParseBad(NewParser(), record));
    }

    [Fact]
    public void TryParse_InvalidUtf8InsideString_NeverThrows()
    {
        var record = Utf8(Minimal());
        var bad = (byte[])record.Clone();
        var at = Array.IndexOf(bad, (byte)'-');
        bad[at] = 0xFF;

        var ok = NewParser().TryParse(bad, IngestMs, out _, out var reason);

        Assert.Equal(ok, reason == RejectReason.None);
    }

    [Fact]
    public void TryParse_WrongTypeAndMissingField_ReportsWrongTypeFirst()
    {
        Assert.Equal(RejectReason.WrongFieldType, ParseBad(NewParser(), Utf8("""{"sessionId":1}""")));
    }

    [Fact]
    public void TryParse_RejectedAfterGoodRecord_ReturnsBlankEvent()
    {
        var parser = NewParser();
        ParseOk(parser, Utf8(ContractExample));

        parser.TryParse(Utf8(Minimal().Replace("page_view", "nope")), IngestMs, out var e, out _);

        Assert.Equal(0UL, e.SessionKey);
        Assert.Equal(-1, e.ProductIndex);
        Assert.True(double.IsNaN(e.DwellMs));
    }

    [Fact]
    public void TryParse_FullCatalog_GivesNoProductForNewIdsAndKeepsKnownOnes()
    {
        var catalog = new Streams.Catalog.ProductCatalog(new Streams.Catalog.CatalogOptions
        {
            Hotel = new() { ["a"] = 10 },
            Airline = new(),
            Dates = 1,
            MaxProducts = 1,
        });
        var parser = NewParser(catalog);

        var unknown = ParseOk(parser, Utf8(Minimal(""","productId":"brand-new" """)));
        var known = ParseOk(parser, Utf8(Minimal(""","productId":"hotel-a-01" """)));

        Assert.Equal(-1, unknown.ProductIndex);
        Assert.Equal(0, known.ProductIndex);
        Assert.Equal(1, catalog.Count);
    }

    [Fact]
    public void TryParse_BigValidEventWithLongStrings_Parses()
    {
        var longText = string.Concat(Enumerable.Repeat("\\\"é\\n", 2000));
        var record = Utf8(Minimal(",\"metadata\":{\"elementText\":\"" + longText + "\",\"price\":5},\"userAgent\":\"" + new string('a', 4000) + " Firefox/120\""));
        Assert.True(record.Length < new CodecOptions().MaxEventBytes);

        var e = ParseOk(NewParser(), record);

        Assert.Equal(5.0, e.Price);
        Assert.Equal(UserAgentFlags.Present | UserAgentFlags.FamilyFirefox, e.UserAgent);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new InteractionEventParser(null!, NewCatalog()));
        Assert.Throws<ArgumentNullException>(() => new InteractionEventParser(new CodecOptions(), null!));
    }

    [Fact]
    public void Blank_HasNoProductAndNaNNumbers()
    {
        var blank = InteractionEventParser.Blank();

        Assert.Equal(-1, blank.ProductIndex);
        Assert.True(double.IsNaN(blank.Price) && double.IsNaN(blank.BasePrice) && double.IsNaN(blank.DwellMs));
        Assert.True(blank.SessionId.IsEmpty);
    }
}
