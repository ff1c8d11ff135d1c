using Phantom.Streams.Configuration;
using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Tests.Configuration;

public class OptionsBinderTests
{
    public enum SampleMode
    {
        Fast,
        VerySafe,
    }

    public sealed class SampleOptions
    {
        public int BatchSize { get; set; } = 1;

        public long Total { get; set; }

        public double Ratio { get; set; }

        public bool Enabled { get; set; }

        public string Name { get; set; } = "default";

        public string? Label { get; set; } = "label";

        public TimeSpan PassivateIdleAfter { get; set; }

        public SampleMode Mode { get; set; }

        public int MaxEventBytes { get; set; }

        public List<string> Stages { get; set; } = ["a"];

        public Dictionary<string, double> Weights { get; set; } = new() { ["old"] = 1 };

        public Dictionary<string, Dictionary<string, int>> Nested { get; set; } = [];

        public SampleChild Child { get; set; } = new() { Keep = 5 };

        public int Computed => BatchSize * 2;
    }

    public sealed class CollectionOptions
    {
        public IReadOnlyList<int> Ids { get; set; } = [];

        public HashSet<string> Tags { get; set; } = [];

        public string[] Names { get; set; } = [];

        public IReadOnlyDictionary<string, TimeSpan> Timeouts { get; set; } = new Dictionary<string, TimeSpan>();

        public DateTimeOffset Start { get; set; }

        public int? Limit { get; set; } = 3;
    }

    public sealed class SampleChild
    {
        public int Keep { get; set; }

        public int Change { get; set; }
    }

    private static SampleOptions Bind(string text) =>
        OptionsBinder.Bind<SampleOptions>(Hocon.ParseText(text, "bind.conf", environment: new Dictionary<string, string>()), "sample");

    [Theory]
    [InlineData("BatchSize", "batch-size")]
    [InlineData("PassivateIdleAfter", "passivate-idle-after")]
    [InlineData("MaxEventBytes", "max-event-bytes")]
    [InlineData("HTTPPort", "http-port")]
    [InlineData("Alpha", "alpha")]
    [InlineData("Max2Items", "max2-items")]
    public void ToKebabCase_PascalCase_GivesKebab(string name, string key) =>
        Assert.Equal(key, OptionsBinder.ToKebabCase(name));

    [Fact]
    public void Bind_EveryScalarType_Converts()
    {
        var o = Bind("""
            batch-size = 256
            total = "9000000000"
            ratio = 0.25
            enabled = yes
            name = hello world
            passivate-idle-after = 30m
            mode = very-safe
            max-event-bytes = 16K
            """);

        Assert.Equal(256, o.BatchSize);
        Assert.Equal(9_000_000_000L, o.Total);
        Assert.Equal(0.25, o.Ratio);
        Assert.True(o.Enabled);
        Assert.Equal("hello world", o.Name);
        Assert.Equal(TimeSpan.FromMinutes(30), o.PassivateIdleAfter);
        Assert.Equal(SampleMode.VerySafe, o.Mode);
        Assert.Equal(16384, o.MaxEventBytes);
    }

    [Fact]
    public void Bind_AbsentKeys_KeepDefaults_NestedObjectsMergeIntoDefaults()
    {
        var o = Bind("child { change = 3 }");

        Assert.Equal(1, o.BatchSize);
        Assert.Equal("default", o.Name);
        Assert.Equal(5, o.Child.Keep);
        Assert.Equal(3, o.Child.Change);
    }

    [Fact]
    public void Bind_Dictionary_ReplacesDefaultAndKeepsKeysVerbatim()
    {
        var o = Bind("weights { add_item_to_cart = 4, \"odd.key\" = 2 }\nnested { human { page_view = 1 } }");

        Assert.Equal(["add_item_to_cart", "odd.key"], o.Weights.Keys.Order());
        Assert.Equal(1, o.Nested["human"]["page_view"]);
    }

    [Fact]
    public void Bind_InterfaceCollectionsArraysSetsAndTimes_Convert()
    {
        var o = OptionsBinder.Bind<CollectionOptions>(
            Hocon.ParseText(
                "ids = [1, 2]\ntags = [a, b, a]\nnames = [x]\ntimeouts { fast = 10ms }\nstart = \"2025-11-25T20:00:00Z\"\nlimit = null",
                environment: new Dictionary<string, string>()),
            "c");

        Assert.Equal([1, 2], o.Ids);
        Assert.Equal(2, o.Tags.Count);
        Assert.Equal(["x"], o.Names);
        Assert.Equal(TimeSpan.FromMilliseconds(10), o.Timeouts["fast"]);
        Assert.Equal(new DateTimeOffset(2025, 11, 25, 20, 0, 0, TimeSpan.Zero), o.Start);
        Assert.Null(o.Limit);
    }

    [Fact]
    public void Bind_List_Replaces()
    {
        var o = Bind("stages = [x, y]");

        Assert.Equal(["x", "y"], o.Stages);
    }

    [Fact]
    public void Bind_NullForNullableString_SetsNull_ForNonNullable_Fails()
    {
        Assert.Null(Bind("label = null").Label);
        var e = Assert.Throws<ConfigurationException>(() => Bind("name = null"));
        Assert.Contains("sample.name", e.Message);
    }

    [Fact]
    public void Bind_UnknownKey_NamesFullPathLineAndKnownKeys()
    {
        var e = Assert.Throws<ConfigurationException>(() => Bind("batch-size = 1\nchild {\n  chnage = 2\n}"));

        Assert.Equal("unknown key 'sample.child.chnage' at bind.conf:3; known keys here: change, keep", e.Message);
        Assert.Equal("sample.child.chnage", e.KeyPath);
    }

    [Fact]
    public void Bind_ComputedProperty_IsNotAKey()
    {
        var e = Assert.Throws<ConfigurationException>(() => Bind("computed = 4"));

        Assert.Contains("unknown key 'sample.computed'", e.Message);
    }

    [Theory]
    [InlineData("batch-size = lots", "sample.batch-size", "integer")]
    [InlineData("batch-size = 1.5", "sample.batch-size", "integer")]
    [InlineData("batch-size = 99999999999", "sample.batch-size", "int")]
    [InlineData("ratio = high", "sample.ratio", "number")]
    [InlineData("enabled = maybe", "sample.enabled", "boolean")]
    [InlineData("passivate-idle-after = 5 fortnights", "sample.passivate-idle-after", "duration")]
    [InlineData("mode = slow", "sample.mode", "fast, very-safe")]
    [InlineData("stages = x", "sample.stages", "array")]
    [InlineData("weights = [1]", "sample.weights", "object")]
    [InlineData("weights { a = x }", "sample.weights.a", "number")]
    [InlineData("child = 3", "sample.child", "object")]
    [InlineData("name = [1]", "sample.name", "string")]
    public void Bind_WrongType_NamesKeyExpectedTypeAndLine(string text, string key, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => Bind("\n" + text));

        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains("bind.conf:2", e.Message);
    }

    [Fact]
    public void Bind_Origins_RecordWhereEachKeyWasSet()
    {
        var origins = new Dictionary<string, HoconOrigin>();
        OptionsBinder.Bind<SampleOptions>(Hocon.ParseText("a {\n ratio = 1\n}", "o.conf", environment: new Dictionary<string, string>())["a"] as HoconObject ?? throw new InvalidOperationException(), "x", origins);

        Assert.Equal(new HoconOrigin("o.conf", 2), origins["x.ratio"]);
    }
}
