using Phantom.Streams.Events;

namespace Phantom.Training.Datasets;

/// <summary>
/// How a request of the Iliou test web site (a content site: sections under <c>/content/</c>, articles below them) maps
/// to a CONTRACTS.md interaction. Only what a person or bot did counts:
/// <list type="bullet">
/// <item>page requests (<c>/</c>, <c>/index.php</c>, a section <c>/content/x.php</c>, and any other non-asset request)
/// → <c>page_view</c>;</item>
/// <item>an article <c>/content/x/y.php</c> → <c>view_item_page</c> on "product" <c>x/y</c>; a sub-article
/// <c>/content/x/y/z.php</c> → <c>learn_more_about_item</c> on <c>x/y</c> (the site's item and detail levels);</item>
/// <item><c>POST /storage/store_mousemv_db.php</c>, the page posting recorded mouse movement → <c>hover_over_paragraph</c>;</item>
/// <item>left out: static assets the browser fetches by itself (css, js, images, favicon), the periodic
/// <c>store_sess_total_mousemv_db.php</c> beacon (a timer, so it says how long a page stayed open, which the event
/// times already say, not what was done), and <c>OPTIONS</c> probes.</item>
/// </list>
/// </summary>
public static class WebLogEventMapping
{
    private static readonly string[] AssetSuffixes = [".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".svg", ".woff", ".woff2", ".ttf", ".map"];

    /// <summary>The event a request maps to and the "product" it is on (null for none); false when it is left out.</summary>
    public static bool TryMap(WebLogLine line, out EventName name, out string? product)
    {
        ArgumentNullException.ThrowIfNull(line);
        name = EventName.PageView;
        product = null;
        var path = line.Path;
        if (line.Method == "OPTIONS" || path == "*" || AssetSuffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (path.Contains("store_sess_total_mousemv", StringComparison.Ordinal))
        {
            return false;
        }

        if (path.Contains("store_mousemv", StringComparison.Ordinal))
        {
            name = EventName.HoverOverParagraph;
            return true;
        }

        if (path.StartsWith("/content/", StringComparison.Ordinal) && path.EndsWith(".php", StringComparison.Ordinal))
        {
            var parts = path["/content/".Length..^".php".Length].Split('/');
            if (parts.Length >= 2)
            {
                name = parts.Length == 2 ? EventName.ViewItemPage : EventName.LearnMoreAboutItem;
                product = parts[0] + "/" + parts[1];
            }
        }

        return true;
    }
}
