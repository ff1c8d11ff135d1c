namespace Phantom.Streams.Configuration.Hocon;

/// <summary>Path expressions (<c>a.b."c.d"</c>): parsing and rendering.</summary>
public static class HoconPath
{
    /// <summary>Splits a path expression into its elements; quoted elements may contain dots.</summary>
    public static string[] Parse(string expression)
    {
        var parser = new HoconParser(expression, new HoconOrigin("path expression", 1), baseDirectory: null, document: null);
        return parser.ParseStandalonePath();
    }

    /// <summary>Renders elements as a path expression, quoting those that need it.</summary>
    public static string Render(IEnumerable<string> path) => string.Join('.', path.Select(RenderElement));

    private static string RenderElement(string element)
    {
        if (element.Length > 0 && element.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && !char.IsAsciiDigit(element[0]) && element[0] != '-')
        {
            return element;
        }

        return HoconWriter.Quote(element);
    }
}
