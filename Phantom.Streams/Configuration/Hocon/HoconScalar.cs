using System.Globalization;

namespace Phantom.Streams.Configuration.Hocon;

/// <summary>A string, number, boolean or null. Numbers keep the text they were written with (the spec requires it for concatenation).</summary>
public sealed class HoconScalar : HoconValue
{
    public HoconScalar(HoconScalarKind kind, string text, HoconOrigin origin)
        : base(origin)
    {
        Kind = kind;
        Text = text;
    }

    public HoconScalarKind Kind { get; }

    /// <summary>The value as written: the string itself, the number's original text, <c>true</c>/<c>false</c>, <c>null</c>.</summary>
    public string Text { get; }

    /// <summary>True for whitespace kept between two parts of a value concatenation (only while parsing).</summary>
    internal bool IsWhitespace { get; init; }

    public override string TypeName => Kind switch
    {
        HoconScalarKind.String => "string",
        HoconScalarKind.Number => "number",
        HoconScalarKind.Boolean => "boolean",
        _ => "null",
    };

    public bool IsNull => Kind == HoconScalarKind.Null;

    public static HoconScalar String(string text, HoconOrigin origin) => new(HoconScalarKind.String, text, origin);

    /// <summary>The value as a string; numbers and booleans convert as the spec's automatic conversions say.</summary>
    public bool TryGetString(out string text)
    {
        text = Text;
        return Kind != HoconScalarKind.Null;
    }

    /// <summary>A number, or a string that parses as a JSON number.</summary>
    public bool TryGetDouble(out double value) =>
        double.TryParse(Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && Kind is HoconScalarKind.Number or HoconScalarKind.String;

    /// <summary>A whole number (a number or a string holding one); <c>1e3</c> is accepted, <c>1.5</c> is not.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (Kind is not (HoconScalarKind.Number or HoconScalarKind.String))
        {
            return false;
        }

        var text = Text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <summary>A boolean, or one of the strings <c>true yes on false no off</c> (the spec's six).</summary>
    public bool TryGetBoolean(out bool value)
    {
        switch (Kind == HoconScalarKind.Boolean || Kind == HoconScalarKind.String ? Text.Trim() : null)
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>A duration: a number is milliseconds; a string is a number and an optional unit (<c>ns us ms s m h d</c> and long forms).</summary>
    public bool TryGetDuration(out TimeSpan value) =>
        HoconUnits.TryParseDuration(Text, isNumber: Kind == HoconScalarKind.Number, out value) && Kind is HoconScalarKind.Number or HoconScalarKind.String;

    /// <summary>A size in bytes: a number is bytes; a string is a number and an optional unit (<c>B K KiB kB M MB ...</c>).</summary>
    public bool TryGetBytes(out long value) =>
        HoconUnits.TryParseBytes(Text, out value) && Kind is HoconScalarKind.Number or HoconScalarKind.String;

    internal override HoconValue DeepClone() => this;

    public override string ToString() => Kind == HoconScalarKind.String ? $"\"{Text}\"" : Text;
}
