using Phantom.Streams.Configuration;
using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Tests.Configuration;

/// <summary>Substitutions, self-references, <c>+=</c> and value concatenation, with the spec's examples.</summary>
public class HoconSubstitutionTests
{
    private static HoconObject Parse(string text, Dictionary<string, string>? environment = null) =>
        Hocon.ParseText(text, "subst.conf", environment: environment ?? []);

    private static string[] Strings(HoconValue value) =>
        [.. Assert.IsType<HoconArray>(value).Items.Select(i => ((HoconScalar)i).Text)];

    [Fact]
    public void Resolve_SubstitutionAlone_KeepsType()
    {
        var root = Parse("a = 42\nb = ${a}\nc { x = true }\nd = ${c}");

        Assert.Equal(HoconScalarKind.Number, root.GetScalar("b").Kind);
        Assert.True(root.GetBoolean("d.x"));
    }

    [Fact]
    public void Resolve_SubstitutionLooksForward_AndSeesLatestValue()
    {
        var root = Parse("b = ${a}\na = 1\na = 2");

        Assert.Equal(2, root.GetInt64("b"));
    }

    [Fact]
    public void Resolve_SubstitutionInConcatenation_BecomesString()
    {
        var root = Parse("""
            animal.favorite = dog
            key : ${animal.favorite} is my favorite animal
            key2 : ${animal.favorite}" is my favorite animal"
            """);

        Assert.Equal("dog is my favorite animal", root.GetString("key"));
        Assert.Equal("dog is my favorite animal", root.GetString("key2"));
    }

    [Fact]
    public void Resolve_NotInsideQuotedString() =>
        Assert.Equal("${a}", Parse("a = 1\nb = \"${a}\"").GetString("b"));

    [Fact]
    public void Resolve_ObjectReferringWithinItself_IsNotACycle()
    {
        var root = Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }");

        Assert.Equal(42, root.GetInt64("bar.baz"));
    }

    [Fact]
    public void Resolve_RedefinedTargetOfSubstitution_SeesLaterValue()
    {
        var root = Parse("bar : { foo : 42, baz : ${bar.foo} }\nbar : { foo : 43 }");

        Assert.Equal(43, root.GetInt64("bar.baz"));
    }

    [Theory]
    [InlineData("bar : { foo : 42, baz : ${bar} }")]
    [InlineData("a = ${b}\nb = ${a}")]
    [InlineData("a = ${a.b}\nb = 1")]
    public void Resolve_Cycle_Fails(string text)
    {
        var e = Assert.Throws<ConfigurationException>(() => Parse(text));

        Assert.Contains("subst.conf:", e.Message);
    }

    [Fact]
    public void Resolve_MissingRequiredSubstitution_FailsNamingPathAndLine()
    {
        var e = Assert.Throws<ConfigurationException>(() => Parse("a = 1\nb = ${missing.key}"));

        Assert.Contains("missing.key", e.Message);
        Assert.Contains("subst.conf:2", e.Message);
    }

    [Fact]
    public void Resolve_OptionalMissing_FieldIsNotCreated_ArrayElementDropped()
    {
        var root = Parse("a = ${?nope}\nb = [1, ${?nope}, 2]\nc = x ${?nope}\nd = 1\nd = ${?nope}");

        Assert.False(root.TryGetValue("a", out _));
        Assert.Equal(["1", "2"], Strings(root["b"]));
        Assert.Equal("x", root.GetString("c"));
        Assert.Equal(1, root.GetInt64("d"));
    }

    [Fact]
    public void Resolve_MissingKey_FallsBackToEnvironment()
    {
        var root = Parse("home = ${HOME}\nopt = ${?PORT}\nempty = ${?EMPTY}", new() { ["HOME"] = "/home/ph", ["PORT"] = "8080", ["EMPTY"] = string.Empty });

        Assert.Equal("/home/ph", root.GetString("home"));
        Assert.Equal(8080, root.GetInt64("opt"));
        Assert.False(root.TryGetValue("empty", out _));
    }

    [Fact]
    public void Resolve_KeySetToNull_BlocksEnvironment()
    {
        var root = Parse("HOME : null\nh = ${HOME}", new() { ["HOME"] = "/home/ph" });

        Assert.True(root.GetScalar("h").IsNull);
    }

    [Fact]
    public void Resolve_ConfigKeyBeatsEnvironment() =>
        Assert.Equal("cfg", Parse("HOME = cfg\nh = ${HOME}", new() { ["HOME"] = "/env" }).GetString("h"));

    [Fact]
    public void Resolve_SelfReferentialPath_AppendsToEarlierValue()
    {
        var root = Parse("path : \"a:b\"\npath : ${path}\":c\"\nlist = [1]\nlist = ${list} [2, 3]");

        Assert.Equal("a:b:c", root.GetString("path"));
        Assert.Equal(["1", "2", "3"], Strings(root["list"]));
    }

    [Fact]
    public void Resolve_SelfReferenceInsideNestedObject_SeesEarlierBlock()
    {
        var root = Parse("a { x = [1] }\na { x = ${a.x} [2] }\nb.y = 1\nb { y = ${b.y}0 }");

        Assert.True(root.TryGetPath("a.x", out var x));
        Assert.Equal(["1", "2"], Strings(x));
        Assert.Equal("10", root.GetString("b.y"));
    }

    [Fact]
    public void Resolve_SelfReferenceWithoutEarlierValue_OptionalIsEmpty()
    {
        var root = Parse("a = ${?a} [1]");

        Assert.Equal(["1"], Strings(root["a"]));
    }

    [Fact]
    public void Resolve_PlusEquals_AppendsAndCreates()
    {
        var root = Parse("a = [1]\na += 2\nb += x\nc { d += 1, d += 2 }");

        Assert.Equal(["1", "2"], Strings(root["a"]));
        Assert.Equal(["x"], Strings(root["b"]));
        Assert.Equal(["1", "2"], Strings(((HoconObject)root["c"])["d"]));
    }

    [Fact]
    public void Resolve_PlusEqualsAcrossDocuments_ExtendsReferenceList()
    {
        var document = new HoconDocument();
        document.ParseText("p { stages = [parse, session] }", "ref.conf");
        document.ParseText("p { stages += shield }", "overlay.conf");

        Assert.True(document.Resolve(new Dictionary<string, string>()).TryGetPath("p.stages", out var stages));
        Assert.Equal(["parse", "session", "shield"], Strings(stages));
    }

    [Fact]
    public void Resolve_ArrayAndObjectConcatenation_Joins()
    {
        var root = Parse("a = [1, 2] [3]\nb = { x = 1 } { y = 2 }\nbase { p = 1 }\nc = ${base} { q = 2 }");

        Assert.Equal(["1", "2", "3"], Strings(root["a"]));
        Assert.Equal(["x", "y"], ((HoconObject)root["b"]).Keys);
        Assert.Equal(1, root.GetInt64("c.p"));
        Assert.Equal(2, root.GetInt64("c.q"));
    }

    [Fact]
    public void Resolve_ObjectOverSubstitution_MergesWhenSubstitutionIsObject()
    {
        var root = Parse("defaults { a = 1, b = 2 }\nx = ${defaults}\nx { b = 3 }");

        Assert.Equal(1, root.GetInt64("x.a"));
        Assert.Equal(3, root.GetInt64("x.b"));
    }

    [Fact]
    public void Resolve_SpecDataCenterExample_InheritsByConcatenationAndByMerge()
    {
        var root = Parse("""
            data-center-generic = { cluster-size = 6 }
            data-center-east = ${data-center-generic} { name = "east" }
            data-center-west = ${data-center-generic}
            data-center-west = { name = "west" }
            """);

        Assert.Equal(6, root.GetInt64("data-center-east.cluster-size"));
        Assert.Equal("east", root.GetString("data-center-east.name"));
        Assert.Equal(6, root.GetInt64("data-center-west.cluster-size"));
        Assert.Equal("west", root.GetString("data-center-west.name"));
    }

    [Fact]
    public void Resolve_SpecPathExample_AppendsArrays()
    {
        var root = Parse("path = [ /bin ]\npath = ${path} [ /usr/bin ]");

        Assert.Equal(["/bin", "/usr/bin"], Strings(root["path"]));
    }

    [Fact]
    public void Resolve_ObjectMergedOverSubstitution_MayReferToItsOwnFields()
    {
        var root = Parse("defaults { a = 1 }\nx = ${defaults}\nx { b = 2, c = ${x.b} }");

        Assert.Equal(1, root.GetInt64("x.a"));
        Assert.Equal(2, root.GetInt64("x.c"));
    }

    [Fact]
    public void Resolve_StringConcatenatedWithArray_Fails() =>
        Assert.Throws<ConfigurationException>(() => Parse("a = [1]\nb = foo ${a}"));

    [Fact]
    public void Resolve_NullSubstitutionInString_BecomesEmpty() =>
        Assert.Equal("ab", Parse("n = null\ns = a${n}b").GetString("s"));

    [Fact]
    public void Resolve_NumbersInConcatenation_KeepOriginalText() =>
        Assert.Equal("1e5 x", Parse("n = 1e5\ns = ${n} x").GetString("s"));
}
