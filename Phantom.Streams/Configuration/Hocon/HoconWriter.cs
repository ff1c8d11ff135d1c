using System.Text;

namespace Phantom.Streams.Configuration.Hocon;

/// <summary>
/// Renders a resolved tree as HOCON that parses back to the same tree (for showing the effective configuration).
/// Strings are always quoted, so a string "10" stays a string; numbers keep their original text.
/// </summary>
public static class HoconWriter
{
    /// <summary>Renders <paramref name="value"/>; with <paramref name="withOrigins"/> each field carries a <c># file:line</c> comment.</summary>
    public static string Render(HoconValue value, bool withOrigins = false)
    {
        var sb = new StringBuilder();
        if (value is HoconObject root)
        {
            WriteFields(sb, root, 0, withOrigins);
        }
        else
        {
            WriteValue(sb, value, 0, withOrigins);
            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A JSON string literal for <paramref name="text"/> (also valid HOCON).</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static void WriteFields(StringBuilder sb, HoconObject obj, int depth, bool withOrigins)
    {
        foreach (var (key, value) in obj.Fields)
        {
            sb.Append(' ', depth * 2).Append(Quote(key)).Append(value is HoconObject ? " " : " = ");
            WriteValue(sb, value, depth, withOrigins);
            if (withOrigins && value is not HoconObject)
            {
                sb.Append(" # ").Append(value.Origin);
            }

            sb.Append('\n');
        }
    }

    private static void WriteValue(StringBuilder sb, HoconValue value, int depth, bool withOrigins)
    {
        switch (value)
        {
            case HoconObject o:
                sb.Append("{\n");
                WriteFields(sb, o, depth + 1, withOrigins);
                sb.Append(' ', depth * 2).Append('}');
                break;
            case HoconArray a:
                sb.Append('[');
                for (var i = 0; i < a.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    WriteValue(sb, a.Items[i], depth + 1, withOrigins: false);
                }

                sb.Append(']');
                break;
            case HoconScalar s:
                sb.Append(s.Kind == HoconScalarKind.String ? Quote(s.Text) : s.Text);
                break;
            default:
                throw new InvalidOperationException($"cannot render an unresolved {value.TypeName}; resolve the document first");
        }
    }
}
