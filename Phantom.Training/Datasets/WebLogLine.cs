using System.Globalization;
using System.Text.RegularExpressions;

namespace Phantom.Training.Datasets;

/// <summary>
/// One Apache access-log line of the Iliou et al. web-bot logs: <c>host ident [time] "request" status bytes
/// "referrer" session "user agent"</c>, where the 8th field is the PHP session id (<c>-</c> before a session exists).
/// </summary>
public sealed partial record WebLogLine(DateTimeOffset Time, string Method, string Path, int Status, string Referrer, string? SessionId, string UserAgent)
{
    [GeneratedRegex("""^(\S+) (\S+) \[([^\]]+)\] "([^"]*)" (\S+) (\S+) "([^"]*)" (\S+) "([^"]*)"\s*$""")]
    private static partial Regex Pattern();

    /// <summary>Parses a line; false for anything not in the log format.</summary>
    public static bool TryParse(string line, out WebLogLine parsed)
    {
        parsed = null!;
        var match = Pattern().Match(line ?? "");
        if (!match.Success || !TryParseTime(match.Groups[3].Value, out var time))
        {
            return false;
        }

        var request = match.Groups[4].Value.Split(' ');
        var method = request.Length >= 2 ? request[0] : "-";
        var target = request.Length >= 2 ? request[1] : "-";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? target[..query] : target;
        var status = int.TryParse(match.Groups[5].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var session = match.Groups[8].Value;
        var agent = match.Groups[9].Value;
        parsed = new WebLogLine(time, method, path, status, match.Groups[7].Value, session == "-" ? null : session, agent == "-" ? "" : agent);
        return true;
    }

    /// <summary>Apache's <c>01/Nov/2019:10:47:35 +0000</c>.</summary>
    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || text.Length - space - 1 != 5)
        {
            return false;
        }

        var zone = text[(space + 1)..];
        if (!DateTime.TryParseExact(text[..space], "dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(zone.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || zone[0] is not ('+' or '-'))
        {
            return false;
        }

        var offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        time = new DateTimeOffset(local, offset);
        return true;
    }
}
