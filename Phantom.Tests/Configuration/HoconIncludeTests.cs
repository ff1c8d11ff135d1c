using Phantom.Streams.Configuration;
using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Tests.Configuration;

/// <summary>Include statements: merging, relative paths, required includes and substitution fix-up.</summary>
public sealed class HoconIncludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("phantom-hocon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static HoconObject ParseFile(string path) => Hocon.ParseFile(path, new Dictionary<string, string>());

    [Fact]
    public void Include_QuotedAndFileForms_MergeAtThePointOfInclude()
    {
        Write("base.conf", "a = 1\nb { x = 1 }");
        Write("more.conf", "b { y = 2 }\nc = 3");
        var main = Write("main.conf", "a = 0\ninclude \"base.conf\"\ninclude file(\"more.conf\")\nc = 4");

        var root = ParseFile(main);

        Assert.Equal(1, root.GetInt64("a"));
        Assert.Equal(1, root.GetInt64("b.x"));
        Assert.Equal(2, root.GetInt64("b.y"));
        Assert.Equal(4, root.GetInt64("c"));
    }

    [Fact]
    public void Include_RelativePath_IsRelativeToIncludingFile()
    {
        Write("sub/inner.conf", "v = inner");
        Write("sub/middle.conf", "include \"inner.conf\"");
        var main = Write("main.conf", "include \"sub/middle.conf\"");

        Assert.Equal("inner", ParseFile(main).GetString("v"));
    }

    [Fact]
    public void Include_MissingFile_IsIgnored()
    {
        var main = Write("main.conf", "include \"nope.conf\"\na = 1");

        Assert.Equal(["a"], ParseFile(main).Keys);
    }

    [Fact]
    public void Include_MissingRequiredFile_FailsWithLine()
    {
        var main = Write("main.conf", "a = 1\ninclude required(file(\"nope.conf\"))");

        var e = Assert.Throws<ConfigurationException>(() => ParseFile(main));

        Assert.Contains($"{main}:2", e.Message);
        Assert.Contains("nope.conf", e.Message);
    }

    [Fact]
    public void Include_RequiredPresent_Loads()
    {
        Write("r.conf", "z = 9");
        var main = Write("main.conf", "include required(\"r.conf\")");

        Assert.Equal(9, ParseFile(main).GetInt64("z"));
    }

    [Fact]
    public void Include_InsideObject_FixesUpSubstitutions()
    {
        // Spec example: ${x} in foo.conf becomes ${a.x}, so a later a.x wins.
        Write("foo.conf", "{ x : 10, y : ${x} }");
        var main = Write("main.conf", "{\n a : { include \"foo.conf\" }\n a : { x : 42 }\n}");

        var root = ParseFile(main);

        Assert.Equal(42, root.GetInt64("a.x"));
        Assert.Equal(42, root.GetInt64("a.y"));
    }

    [Fact]
    public void Include_SyntaxErrorInIncludedFile_NamesThatFile()
    {
        var bad = Write("bad.conf", "ok = 1\nbroken = [");
        var main = Write("main.conf", "include \"bad.conf\"");

        var e = Assert.Throws<ConfigurationException>(() => ParseFile(main));

        Assert.Contains(bad + ":2", e.Message);
    }

    [Fact]
    public void Include_Cycle_Fails()
    {
        Write("x.conf", "include \"y.conf\"");
        var y = Write("y.conf", "include \"x.conf\"");

        Assert.Throws<ConfigurationException>(() => ParseFile(y));
    }
}
