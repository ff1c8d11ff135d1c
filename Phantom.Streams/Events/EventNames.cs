using System.Text;

namespace Phantom.Streams.Events;

/// <summary>Wire spellings of <see cref="EventName"/> and the state count the kernels are sized by.</summary>
public static class EventNames
{
    /// <summary>Number of behaviour states: the 17 wire names and <see cref="EventName.SessionEnd"/>.</summary>
    public const int StateCount = 18;

    /// <summary>Number of names that may appear on the wire.</summary>
    public const int WireCount = 17;

    private static readonly string[] Wire =
    [
        "session_start", "page_view", "view_item_page", "learn_more_about_item", "add_item_to_cart", "remove_item",
        "checkout_start", "purchase_complete", "search", "filter_for_date", "filter_for_amenities", "filter_for_price",
        "sort_change", "hover_over_title", "hover_over_paragraph", "hover_over_link", "hover_over_button", "session_end",
    ];

    private static readonly byte[][] WireUtf8 = Wire.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>The snake_case name, e.g. <c>view_item_page</c>; <c>session_end</c> for the implicit end state.</summary>
    public static string ToWire(this EventName name) => Wire[(int)name];

    /// <summary>The snake_case name as UTF-8 bytes (no allocation).</summary>
    public static ReadOnlySpan<byte> ToWireUtf8(this EventName name) => WireUtf8[(int)name];

    /// <summary>Parses a wire name (not <c>session_end</c>, which never travels). Case-sensitive, as the storefront sends it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out EventName name)
    {
        for (var i = 0; i < WireCount; i++)
        {
            if (utf8.SequenceEqual(WireUtf8[i]))
            {
                name = (EventName)i;
                return true;
            }
        }

        name = default;
        return false;
    }

    /// <summary>Parses a name from configuration or tests, including <c>session_end</c>.</summary>
    public static bool TryParseState(string text, out EventName name)
    {
        var index = Array.IndexOf(Wire, text);
        name = (EventName)Math.Max(index, 0);
        return index >= 0;
    }
}
