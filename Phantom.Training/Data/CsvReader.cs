using System.Text;

namespace Phantom.Training.Data;

/// <summary>
/// A small RFC 4180 reader: comma (or other) separated, fields optionally double-quoted, "" inside quotes for a quote,
/// quoted fields may span lines; CR/LF or LF line ends. Reads lazily, one record at a time.
/// </summary>
public static class CsvReader
{
    /// <summary>Records of a file (the header, if any, is the first record).</summary>
    public static IEnumerable<string[]> ReadFile(string path, char separator = ',')
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        foreach (var record in Read(reader, separator))
        {
            yield return record;
        }
    }

    public static IEnumerable<string[]> Read(TextReader reader, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var anyInRecord = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }

                continue;
            }

            if (ch == '"')
            {
                inQuotes = true;
                anyInRecord = true;
            }
            else if (ch == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                anyInRecord = true;
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                if (anyInRecord || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    yield return fields.ToArray();
                }

                fields.Clear();
                field.Clear();
                anyInRecord = false;
            }
            else
            {
                field.Append(ch);
                anyInRecord = true;
            }
        }

        if (inQuotes)
        {
            throw new InvalidDataException("CSV ends inside a quoted field.");
        }

        if (anyInRecord || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }
}
