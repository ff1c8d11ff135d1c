using System.Text.Json;

namespace Phantom.Cluster.Http;

/// <summary>
/// Splits the body of <c>POST /api/kafka/ingest/batch</c> into records without copying them: a JSON array of event
/// objects, or JSON lines (one event per line, blank lines skipped). Each record is a slice of the body.
/// </summary>
public static class BatchBody
{
    /// <summary>False with the problem (as a body-level field error) when the body is not a batch or holds too many.</summary>
    public static bool TrySplit(byte[] body, int maxRecords, out List<ReadOnlyMemory<byte>> records, out FieldError? problem)
    {
        ArgumentNullException.ThrowIfNull(body);
        records = [];
        problem = null;
        var trimmed = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            problem = new FieldError("body", "empty");
            return false;
        }

        if (trimmed[0] == (byte)'[')
        {
            if (!TrySplitArray(body, records))
            {
                problem = new FieldError("body", "malformed_json");
                return false;
            }
        }
        else
        {
            var start = 0;
            for (var i = 0; i <= body.Length; i++)
            {
                if (i == body.Length || body[i] == (byte)'\n')
                {
                    var line = new ReadOnlyMemory<byte>(body, start, i - start);
                    if (!line.Span.Trim(" \t\r"u8).IsEmpty)
                    {
                        records.Add(line);
                    }

                    start = i + 1;
                }
            }
        }

        if (records.Count == 0)
        {
            problem = new FieldError("body", "empty");
            return false;
        }

        if (records.Count > maxRecords)
        {
            problem = new FieldError("body", $"too_many_records (at most {maxRecords})");
            return false;
        }

        return true;
    }

    private static bool TrySplitArray(byte[] body, List<ReadOnlyMemory<byte>> records)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                // Any element is a record; the codec will reject one that is not an object, with its index.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                records.Add(new ReadOnlyMemory<byte>(body, start, (int)reader.BytesConsumed - start));
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                return false;
            }

            // Nothing but whitespace may follow the array.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
