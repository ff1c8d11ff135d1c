using Phantom.Streams.Events;

namespace Phantom.Streams.Flow.Sources;

/// <summary>
/// Finds the value of the top-level <c>"sessionId"</c> string in a JSON record without parsing it: a single pass
/// that tracks nesting and skips strings (with escapes), so a <c>sessionId</c> inside a nested object or inside a
/// string value is not mistaken for it. Routing only needs the raw bytes between the quotes; the parse stage does the
/// real validation and rejects records this scanner could not route (key 0).
/// </summary>
public static class SessionIdScanner
{
    private static ReadOnlySpan<byte> Key => "sessionId"u8;

    /// <summary>The routing key of a record: <see cref="Utf8Hash.Of(ReadOnlySpan{byte})"/> of its session id, or 0.</summary>
    public static ulong KeyOf(ReadOnlySpan<byte> json) =>
        TryFind(json, out var sessionId) ? Utf8Hash.Of(sessionId) : 0UL;

    /// <summary>The raw (still escaped) bytes of the top-level <c>sessionId</c> string value.</summary>
    public static bool TryFind(ReadOnlySpan<byte> json, out ReadOnlySpan<byte> sessionId)
    {
        sessionId = default;
        var depth = 0;
        var expectKey = false;
        var i = 0;
        while (i < json.Length)
        {
            var b = json[i];
            switch (b)
            {
                case (byte)'{':
                    depth++;
                    expectKey = depth == 1;
                    i++;
                    break;
                case (byte)'[':
                    depth++;
                    expectKey = false;
                    i++;
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    expectKey = false;
                    i++;
                    break;
                case (byte)',':
                    expectKey = depth == 1;
                    i++;
                    break;
                case (byte)'"':
                {
                    var end = EndOfString(json, i + 1);
                    if (end < 0)
                    {
                        return false;
                    }

                    if (expectKey && depth == 1)
                    {
                        expectKey = false;
                        if (json[(i + 1)..end].SequenceEqual(Key))
                        {
                            return TryReadStringValue(json, end + 1, out sessionId);
                        }
                    }

                    i = end + 1;
                    break;
                }

                default:
                    i++;
                    break;
            }
        }

        return false;
    }

    private static bool TryReadStringValue(ReadOnlySpan<byte> json, int i, out ReadOnlySpan<byte> value)
    {
        value = default;
        i = SkipWhitespace(json, i);
        if (i >= json.Length || json[i] != (byte)':')
        {
            return false;
        }

        i = SkipWhitespace(json, i + 1);
        if (i >= json.Length || json[i] != (byte)'"')
        {
            return false; // not a string: the parse stage reports the wrong type
        }

        var end = EndOfString(json, i + 1);
        if (end < 0)
        {
            return false;
        }

        value = json[(i + 1)..end];
        return true;
    }

    /// <summary>Index of the closing quote of a string whose content starts at <paramref name="start"/>; -1 if none.</summary>
    private static int EndOfString(ReadOnlySpan<byte> json, int start)
    {
        var i = start;
        while (i < json.Length)
        {
            var rest = json[i..];
            var at = rest.IndexOfAny((byte)'"', (byte)'\\');
            if (at < 0)
            {
                return -1;
            }

            if (rest[at] == (byte)'"')
            {
                return i + at;
            }

            i += at + 2; // a backslash escapes the next byte (\uXXXX's hex digits need no special care)
        }

        return -1;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }
}
