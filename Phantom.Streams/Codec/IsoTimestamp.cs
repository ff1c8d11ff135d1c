namespace Phantom.Streams.Codec;

/// <summary>
/// The ISO-8601 timestamps of CONTRACTS.md (<c>2025-11-25T20:21:31.823Z</c>) to and from Unix milliseconds, by hand:
/// <see cref="DateTimeOffset"/> parsing works on strings and cultures, and the codec must not allocate per event.
/// </summary>
/// <remarks>
/// Accepted: <c>YYYY-MM-DDTHH:MM:SS</c>, then optionally <c>.</c> and 1 to 7 fraction digits (truncated to
/// milliseconds), then <c>Z</c> or a <c>+hh:mm</c>/<c>-hh:mm</c> offset. Anything else (no zone, leap second 60,
/// 31 February, a lower-case <c>t</c>/<c>z</c>, trailing text) is rejected: a timestamp the storefront never sends
/// is more likely corruption than a dialect worth guessing at.
/// </remarks>
public static class IsoTimestamp
{
    /// <summary>Length of what <see cref="TryFormatUnixMs"/> writes: <c>YYYY-MM-DDTHH:MM:SS.fffZ</c>.</summary>
    public const int FormattedLength = 24;

    private const long MsPerDay = 86_400_000L;

    // 0001-01-01 and 9999-12-31T23:59:59.999, the range four year digits can spell.
    private const long MinUnixMs = -62_135_596_800_000L;
    private const long MaxUnixMs = 253_402_300_799_999L;

    public static bool TryParseUnixMs(ReadOnlySpan<byte> text, out long unixMs)
    {
        unixMs = 0;
        if (text.Length < 20
            || !TryDigits(text, 0, 4, out var year) || text[4] != (byte)'-'
            || !TryDigits(text, 5, 2, out var month) || text[7] != (byte)'-'
            || !TryDigits(text, 8, 2, out var day) || text[10] != (byte)'T'
            || !TryDigits(text, 11, 2, out var hour) || text[13] != (byte)':'
            || !TryDigits(text, 14, 2, out var minute) || text[16] != (byte)':'
            || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }

        var pos = 19;
        long fractionMs = 0;
        if (text[pos] == (byte)'.')
        {
            pos++;
            var start = pos;
            while (pos < text.Length && IsDigit(text[pos]))
            {
                if (pos - start < 3)
                {
                    fractionMs = (fractionMs * 10) + (text[pos] - '0');
                }

                pos++;
            }

            var digits = pos - start;
            if (digits is 0 or > 7)
            {
                return false;
            }

            for (var i = digits; i < 3; i++)
            {
                fractionMs *= 10;
            }
        }

        if (pos >= text.Length)
        {
            return false;
        }

        var offsetMinutes = 0;
        var zone = text[pos];
        if (zone == (byte)'Z')
        {
            pos++;
        }
        else if (zone is (byte)'+' or (byte)'-')
        {
            if (text.Length - pos < 6
                || !TryDigits(text, pos + 1, 2, out var offsetHours) || text[pos + 3] != (byte)':'
                || !TryDigits(text, pos + 4, 2, out var offsetMins)
                || offsetHours > 23 || offsetMins > 59)
            {
                return false;
            }

            offsetMinutes = (offsetHours * 60) + offsetMins;
            if (zone == (byte)'-')
            {
                offsetMinutes = -offsetMinutes;
            }

            pos += 6;
        }
        else
        {
            return false;
        }

        if (pos != text.Length
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var days = DaysFromCivil(year, month, day);
        unixMs = (((((days * 24) + hour) * 60) + minute) * 60 + second) * 1000 + fractionMs
                 - (offsetMinutes * 60_000L);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="unixMs"/> as <c>YYYY-MM-DDTHH:MM:SS.fffZ</c>; false when the destination is shorter than
    /// <see cref="FormattedLength"/> or the instant falls outside years 1 to 9999.
    /// </summary>
    public static bool TryFormatUnixMs(long unixMs, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < FormattedLength || unixMs is < MinUnixMs or > MaxUnixMs)
        {
            return false;
        }

        var days = Math.DivRem(unixMs, MsPerDay, out var msOfDay);
        if (msOfDay < 0)
        {
            days--;
            msOfDay += MsPerDay;
        }

        var (year, month, day) = CivilFromDays(days);
        var ms = (int)(msOfDay % 1000);
        var totalSeconds = (int)(msOfDay / 1000);
        WriteDigits(destination, 0, 4, year);
        destination[4] = (byte)'-';
        WriteDigits(destination, 5, 2, month);
        destination[7] = (byte)'-';
        WriteDigits(destination, 8, 2, day);
        destination[10] = (byte)'T';
        WriteDigits(destination, 11, 2, totalSeconds / 3600);
        destination[13] = (byte)':';
        WriteDigits(destination, 14, 2, totalSeconds / 60 % 60);
        destination[16] = (byte)':';
        WriteDigits(destination, 17, 2, totalSeconds % 60);
        destination[19] = (byte)'.';
        WriteDigits(destination, 20, 3, ms);
        destination[23] = (byte)'Z';
        written = FormattedLength;
        return true;
    }

    // Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar, no tables, no allocation.
    private static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    private static (int Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var mp = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        var year = (int)(yearOfEra + (era * 400) + (month <= 2 ? 1 : 0));
        return (year, month, day);
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(text[i]))
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }

    private static void WriteDigits(Span<byte> destination, int start, int count, int value)
    {
        for (var i = start + count - 1; i >= start; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
