namespace Phantom.Streams.Configuration.Hocon;

/// <summary>One-call parsing of a single HOCON source into a resolved tree.</summary>
public static class Hocon
{
    /// <summary>Parses and resolves HOCON text; substitutions fall back to <paramref name="environment"/> (null: the process environment).</summary>
    public static HoconObject ParseText(string text, string sourceName = "text", string? baseDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var document = new HoconDocument();
        document.ParseText(text, sourceName, baseDirectory);
        return document.Resolve(environment);
    }

    /// <summary>Parses and resolves a HOCON file (includes relative to its folder).</summary>
    public static HoconObject ParseFile(string path, IReadOnlyDictionary<string, string>? environment = null)
    {
        var document = new HoconDocument();
        document.ParseFile(path);
        return document.Resolve(environment);
    }
}
