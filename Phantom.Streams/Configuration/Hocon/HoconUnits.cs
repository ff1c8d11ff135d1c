using System.Globalization;

namespace Phantom.Streams.Configuration.Hocon;

/// <summary>The spec's duration and size-in-bytes unit formats: a number, optional whitespace, an optional unit.</summary>
public static class HoconUnits
{
    private static readonly Dictionary<string, double> DurationTicks = new(StringComparer.Ordinal)
    {
        ["ns"] = 0.01, ["nano"] = 0.01, ["nanos"] = 0.01, ["nanosecond"] = 0.01, ["nanoseconds"] = 0.01,
        ["us"] = 10, ["micro"] = 10, ["micros"] = 10, ["microsecond"] = 10, ["microseconds"] = 10,
        ["ms"] = TimeSpan.TicksPerMillisecond, ["milli"] = TimeSpan.TicksPerMillisecond, ["millis"] = TimeSpan.TicksPerMillisecond,
        ["millisecond"] = TimeSpan.TicksPerMillisecond, ["milliseconds"] = TimeSpan.TicksPerMillisecond,
        ["s"] = TimeSpan.TicksPerSecond, ["second"] = TimeSpan.TicksPerSecond, ["seconds"] = TimeSpan.TicksPerSecond,
        ["m"] = TimeSpan.TicksPerMinute, ["minute"] = TimeSpan.TicksPerMinute, ["minutes"] = TimeSpan.TicksPerMinute,
        ["h"] = TimeSpan.TicksPerHour, ["hour"] = TimeSpan.TicksPerHour, ["hours"] = TimeSpan.TicksPerHour,
        ["d"] = TimeSpan.TicksPerDay, ["day"] = TimeSpan.TicksPerDay, ["days"] = TimeSpan.TicksPerDay,
    };

    private static readonly Dictionary<string, decimal> ByteFactors = BuildByteFactors();

    /// <summary>Parses a duration; a bare number (or a string without unit) is milliseconds. Negative durations are allowed here and rejected by validation where they make no sense.</summary>
    public static bool TryParseDuration(string text, bool isNumber, out TimeSpan value)
    {
        value = default;
        if (!Split(text, out var number, out var unit))
        {
            return false;
        }

        if (isNumber && unit.Length > 0)
        {
            return false;
        }

        if (!DurationTicks.TryGetValue(unit.Length == 0 ? "ms" : unit, out var ticksPerUnit))
        {
            return false;
        }

        var ticks = number * ticksPerUnit;
        if (!double.IsFinite(ticks) || Math.Abs(ticks) > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary>Parses a size in bytes; a bare number is bytes. Single letters (K, M, G, ...) are powers of two, as the spec says; kB, MB, ... are powers of ten.</summary>
    public static bool TryParseBytes(string text, out long value)
    {
        value = 0;
        if (!Split(text, out var number, out var unit) || !ByteFactors.TryGetValue(unit, out var factor))
        {
            return false;
        }

        try
        {
            var bytes = (decimal)number * factor;
            if (bytes != decimal.Truncate(bytes) || bytes > long.MaxValue || bytes < long.MinValue)
            {
                return false;
            }

            value = (long)bytes;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool Split(string text, out double number, out string unit)
    {
        var s = text.Trim();
        var end = s.Length;
        while (end > 0 && char.IsLetter(s[end - 1]))
        {
            end--;
        }

        unit = s[end..];
        return double.TryParse(s[..end].TrimEnd(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
    }

    private static Dictionary<string, decimal> BuildByteFactors()
    {
        var factors = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [string.Empty] = 1, ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi"];
        const string letters = "KMGTPE";
        decimal power10 = 1, power2 = 1;
        for (var i = 0; i < letters.Length; i++)
        {
            power10 *= 1000;
            power2 *= 1024;
            var upper = letters[i].ToString();
            var lower = upper.ToLowerInvariant();
            var decimalPrefix = i == 0 ? "k" : upper;
            factors[decimalPrefix + "B"] = power10;
            factors[decimalNames[i] + "byte"] = power10;
            factors[decimalNames[i] + "bytes"] = power10;
            factors[upper] = power2;
            factors[lower] = power2;
            factors[upper + "i"] = power2;
            factors[upper + "iB"] = power2;
            factors[binaryNames[i] + "byte"] = power2;
            factors[binaryNames[i] + "bytes"] = power2;
        }

        // "KB" is common usage and not in the spec's list; read it as the decimal kB rather than reject it.
        factors["KB"] = 1000;
        return factors;
    }
}
