using Phantom.Streams.Configuration;
using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Tests.Configuration;

/// <summary>Syntax examples from the HOCON specification (lightbend/config HOCON.md).</summary>
public class HoconParserTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static HoconObject Parse(string text) => Hocon.ParseText(text, "test.conf", environment: NoEnvironment);

    [Fact]
    public void ParseText_Json_GivesSameTree()
    {
        var root = Parse("""{ "a" : 1, "b" : [true, false, null], "c" : { "d" : "x" }, "e" : -2.5e3 }""");

        Assert.Equal(1, root.GetInt64("a"));
        var b = Assert.IsType<HoconArray>(root["b"]);
        Assert.Equal([HoconScalarKind.Boolean, HoconScalarKind.Boolean, HoconScalarKind.Null], b.Items.Select(i => ((HoconScalar)i).Kind));
        Assert.Equal("x", root.GetString("c.d"));
        Assert.Equal(-2500.0, root.GetDouble("e"));
        Assert.Equal(HoconScalarKind.Number, root.GetScalar("e").Kind);
    }

    [Fact]
    public void ParseText_OmittedRootBracesAndEqualsSeparator_ParseAsObject()
    {
        var root = Parse("a = 1\nb : 2\nc { d = 3 }");

        Assert.Equal(1, root.GetInt64("a"));
        Assert.Equal(2, root.GetInt64("b"));
        Assert.Equal(3, root.GetInt64("c.d"));
    }

    [Fact]
    public void ParseText_ClosingBraceWithoutOpening_Fails()
    {
        var e = Assert.Throws<ConfigurationException>(() => Parse("a = 1\n}"));
        Assert.Contains("test.conf:2", e.Message);
    }

    [Fact]
    public void ParseText_Comments_AreIgnored()
    {
        var root = Parse("""
            # hash comment
            a = 1 // slash comment
            // another
            b = "not # a comment"
            c = "not // a comment"
            """);

        Assert.Equal(["a", "b", "c"], root.Keys);
        Assert.Equal("not # a comment", root.GetString("b"));
        Assert.Equal("not // a comment", root.GetString("c"));
    }

    [Theory]
    [InlineData("a = [1,2,3,]")]
    [InlineData("a = [1,2,3]")]
    [InlineData("a = [1\n2\n3]")]
    public void ParseText_ArrayCommaRules_SameArray(string text)
    {
        var a = Assert.IsType<HoconArray>(Parse(text)["a"]);
        Assert.Equal(["1", "2", "3"], a.Items.Select(i => ((HoconScalar)i).Text));
    }

    [Theory]
    [InlineData("a = [1,2,3,,]")]
    [InlineData("a = [,1,2,3]")]
    [InlineData("a = [1,,2,3]")]
    [InlineData("{ a = 1,, b = 2 }")]
    public void ParseText_InvalidCommas_Fail(string text) =>
        Assert.Throws<ConfigurationException>(() => Parse(text));

    [Fact]
    public void ParseText_DuplicateObjects_Merge()
    {
        var root = Parse("""{ "foo" : { "a" : 42 }, "foo" : { "b" : 43 } }""");

        Assert.Equal(42, root.GetInt64("foo.a"));
        Assert.Equal(43, root.GetInt64("foo.b"));
    }

    [Fact]
    public void ParseText_NullBetweenObjects_PreventsMerge()
    {
        var root = Parse("""{ "foo" : { "a" : 42 }, "foo" : null, "foo" : { "b" : 43 } }""");

        var foo = Assert.IsType<HoconObject>(root["foo"]);
        Assert.Equal(["b"], foo.Keys);
    }

    [Fact]
    public void ParseText_DuplicateNonObject_LaterWins()
    {
        var root = Parse("a = 1\na = 2\nb { x = 1 }\nb = 5");

        Assert.Equal(2, root.GetInt64("a"));
        Assert.Equal(5, root.GetInt64("b"));
    }

    [Fact]
    public void ParseText_DottedKeys_ExpandToNestedObjects()
    {
        var root = Parse("foo.bar.baz : 42\na.x : 42, a.y : 43");

        Assert.Equal(42, root.GetInt64("foo.bar.baz"));
        var a = Assert.IsType<HoconObject>(root["a"]);
        Assert.Equal(["x", "y"], a.Keys);
    }

    [Fact]
    public void ParseText_PathExpressions_FollowSpecExamples()
    {
        var root = Parse("""
            foo.bar."hello.world" = 1
            10.0foo = 2
            foo10.0 = 3
            foo"10.0" = 4
            a b c : 42
            true : 5
            3.14 : 6
            a."".b = 7
            """);

        Assert.True(root.TryGetPath(["foo", "bar", "hello.world"], out _));
        Assert.True(root.TryGetPath(["10", "0foo"], out _));
        Assert.True(root.TryGetPath(["foo10", "0"], out _));
        Assert.True(root.TryGetPath(["foo10.0"], out _));
        Assert.True(root.TryGetPath(["a b c"], out _));
        Assert.True(root.TryGetPath(["true"], out _));
        Assert.True(root.TryGetPath(["3", "14"], out _));
        Assert.True(root.TryGetPath(["a", string.Empty, "b"], out _));
    }

    [Theory]
    [InlineData("a..b = 1")]
    [InlineData(".a = 1")]
    [InlineData("a. = 1")]
    public void ParseText_EmptyPathElement_Fails(string text) =>
        Assert.Throws<ConfigurationException>(() => Parse(text));

    [Fact]
    public void ParseText_UnquotedStringsAndConcatenation_KeepInnerWhitespace()
    {
        var root = Parse("a = foo bar baz   \nb = \"foo bar baz\"\nc = true foo\nd = 10.0bar\ne = footrue");

        Assert.Equal("foo bar baz", root.GetString("a"));
        Assert.Equal(root.GetString("a"), root.GetString("b"));
        Assert.Equal("true foo", root.GetString("c"));
        Assert.Equal("10.0bar", root.GetString("d"));
        Assert.Equal("footrue", root.GetString("e"));
        Assert.Equal(HoconScalarKind.String, root.GetScalar("c").Kind);
    }

    [Fact]
    public void ParseText_SingleValue_KeepsItsType()
    {
        var root = Parse("a = true\nb = 1e5\nc = null\nd = [ include ]\ne = include");

        Assert.Equal(HoconScalarKind.Boolean, root.GetScalar("a").Kind);
        Assert.Equal(HoconScalarKind.Number, root.GetScalar("b").Kind);
        Assert.Equal("1e5", root.GetScalar("b").Text);
        Assert.Equal(HoconScalarKind.Null, root.GetScalar("c").Kind);
        Assert.Equal("include", ((HoconScalar)((HoconArray)root["d"]).Items[0]).Text);
        Assert.Equal("include", root.GetString("e"));
    }

    [Fact]
    public void ParseText_QuotedStringEscapes_AreDecoded()
    {
        var root = Parse("""a = "tab\there \"q\" \\ \/ \u00e9 \n end" """);

        Assert.Equal("tab\there \"q\" \\ / \u00e9 \n end", root.GetString("a"));
    }

    [Fact]
    public void ParseText_TripleQuotedString_IsRawAndMayHoldNewlines()
    {
        var root = Parse("a = \"\"\"line one\n  \"quoted\" \\n raw\"\"\"\nb = \"\"\"foo\"\"\"\"\nc = 1");

        Assert.Equal("line one\n  \"quoted\" \\n raw", root.GetString("a"));
        Assert.Equal("foo\"", root.GetString("b"));
        Assert.Equal(4, root.GetScalar("c").Origin.Line);
    }

    [Fact]
    public void ParseText_KeyFollowedByBrace_NeedsNoSeparator()
    {
        var root = Parse("\"foo\" {}\nbar { baz { q = 1 } }");

        Assert.Equal(0, Assert.IsType<HoconObject>(root["foo"]).Count);
        Assert.Equal(1, root.GetInt64("bar.baz.q"));
    }

    [Fact]
    public void ParseText_IncludeLaterInKey_IsAPlainKey()
    {
        var root = Parse("""{ foo include : 42, "include" : 43 }""");

        Assert.Equal(42, root.GetInt64("\"foo include\""));
        Assert.Equal(43, root.GetInt64("\"include\""));
    }

    [Theory]
    [InlineData("a = @x", 1)]
    [InlineData("a = 1\nb = \"unterminated\n", 2)]
    [InlineData("a = 1\n\nb = [1, 2", 3)]
    [InlineData("a {\n b = 1\n", 3)]
    public void ParseText_SyntaxError_NamesFileAndLine(string text, int line)
    {
        var e = Assert.Throws<ConfigurationException>(() => Parse(text));

        Assert.Contains($"test.conf:{line}", e.Message);
        Assert.Equal(line, e.Origin?.Line);
    }

    [Fact]
    public void ParseText_Origins_RecordLineOfEachValue()
    {
        var root = Parse("a = 1\n\n# c\nb {\n  c = 2\n}");

        Assert.Equal(new HoconOrigin("test.conf", 1), root["a"].Origin);
        Assert.Equal(5, root.GetScalar("b.c").Origin.Line);
    }

    [Fact]
    public void ParseText_RootArray_Fails() =>
        Assert.Throws<ConfigurationException>(() => Parse("[1, 2]"));
}
