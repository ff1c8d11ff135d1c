using System.Text;
using Phantom.Streams.Flow;

namespace Phantom.Streams.DeadLetters;

/// <summary>
/// The wire spelling of <see cref="RejectReason"/> in dead-letter records and metric labels: snake_case, e.g.
/// <c>unknown_event_name</c>, matching the snake_case event names of CONTRACTS.md.
/// </summary>
public static class RejectReasons
{
    private static readonly string[] Wire = BuildWire();
    private static readonly byte[][] WireUtf8 = Wire.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Every reason a record can be rejected for (all but <see cref="RejectReason.None"/>).</summary>
    public static IReadOnlyList<RejectReason> All { get; } =
        Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None).ToArray();

    /// <summary>The snake_case name; a value outside the enum is spelled by its number (never throws).</summary>
    public static string ToWire(this RejectReason reason) =>
        (int)reason < Wire.Length ? Wire[(int)reason] : ((int)reason).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The snake_case name as UTF-8 (no allocation for declared reasons).</summary>
    public static ReadOnlySpan<byte> ToWireUtf8(this RejectReason reason) =>
        (int)reason < WireUtf8.Length ? WireUtf8[(int)reason] : Encoding.UTF8.GetBytes(reason.ToWire());

    public static bool TryParseWire(string text, out RejectReason reason)
    {
        var index = Array.IndexOf(Wire, text);
        reason = index >= 0 ? (RejectReason)index : RejectReason.None;
        return index >= 0;
    }

    // Derived from the enum names so a reason added to RejectReason gets its spelling without an edit here.
    private static string[] BuildWire()
    {
        var values = Enum.GetValues<RejectReason>();
        var wire = new string[values.Max(v => (int)v) + 1];
        for (var i = 0; i < wire.Length; i++)
        {
            wire[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var value in values)
        {
            wire[(int)value] = ToSnakeCase(value.ToString());
        }

        return wire;
    }

    private static string ToSnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
