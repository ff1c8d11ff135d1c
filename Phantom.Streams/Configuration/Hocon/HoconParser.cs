using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Phantom.Streams.Configuration.Hocon;

/// <summary>
/// Recursive-descent HOCON parser. Fields are assigned into the document as they are read (so a later duplicate key
/// merges exactly as the spec's field-by-field rule says, and a self-referential substitution can be bound to the
/// value seen so far); substitutions stay unresolved until <see cref="HoconDocument.Resolve"/>.
/// </summary>
internal sealed partial class HoconParser
{
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";
    private const int MaxIncludeDepth = 32;

    private readonly string _text;
    private readonly string _source;
    private readonly string? _baseDirectory;
    private readonly HoconDocument? _document;
    private int _pos;
    private int _line;

    public HoconParser(string text, HoconOrigin start, string? baseDirectory, HoconDocument? document)
    {
        _text = text;
        _source = start.Description;
        _line = start.Line;
        _baseDirectory = baseDirectory;
        _document = document;
    }

    /// <summary>Prefix added to substitution paths of an included file, so they are relative to the including root (spec: include fix-up).</summary>
    public string[] SubstitutionPrefix { get; init; } = [];

    public int IncludeDepth { get; init; }

    private HoconOrigin Here => new(_source, _line);

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _pos < _text.Length ? _text[_pos] : '\0';

    private char PeekAt(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    /// <summary>Parses a whole document (braced or not) into <paramref name="target"/>, whose absolute path is <paramref name="prefix"/>.</summary>
    public void ParseDocumentInto(HoconObject target, string[] prefix)
    {
        SkipAll();
        if (Peek == '[')
        {
            throw Error("a configuration document must hold an object, not an array");
        }

        if (Peek == '{')
        {
            _pos++;
            ParseFields(target, prefix, braced: true, pushFrame: false);
            SkipAll();
            if (!AtEnd)
            {
                throw Error($"unexpected '{Peek}' after the closing '}}' of the document");
            }
        }
        else
        {
            ParseFields(target, prefix, braced: false, pushFrame: false);
        }
    }

    /// <summary>Parses a path expression that makes up the whole text (API helper).</summary>
    public string[] ParseStandalonePath()
    {
        SkipHorizontal(allowComments: false);
        var path = ParsePathExpression(inSubstitution: true, stopAtEnd: true);
        SkipHorizontal(allowComments: false);
        if (!AtEnd)
        {
            throw Error($"unexpected '{Peek}' in path expression");
        }

        return path;
    }

    /// <summary>Parses a single value that makes up the whole text (overrides given as text).</summary>
    public HoconValue ParseStandaloneValue(string[]? fieldPath)
    {
        SkipAll();
        var value = ParseValue(fieldPath);
        SkipAll();
        if (!AtEnd)
        {
            throw Error($"unexpected '{Peek}' after the value");
        }

        return value;
    }

    private void ParseFields(HoconObject target, string[]? prefix, bool braced, bool pushFrame)
    {
        if (pushFrame && prefix is not null)
        {
            _document?.Frames.Add(new HoconDocument.Frame(target, prefix));
        }

        try
        {
            while (true)
            {
                SkipAll();
                if (AtEnd)
                {
                    if (braced)
                    {
                        throw Error("end of input inside an object: expected '}'");
                    }

                    return;
                }

                if (Peek == '}')
                {
                    if (!braced)
                    {
                        throw Error("unbalanced '}': the document did not open with '{'");
                    }

                    _pos++;
                    return;
                }

                if (Peek == ',')
                {
                    throw Error("unexpected ',': a field is missing (leading or doubled comma)");
                }

                ParseFieldOrInclude(target, prefix);
                SkipHorizontal(allowComments: true);
                if (Peek == ',')
                {
                    _pos++;
                }
                else if (!(AtEnd || Peek == '\n' || Peek == '}'))
                {
                    throw Error($"expected ',' or a newline after a field, got '{Peek}'");
                }
            }
        }
        finally
        {
            if (pushFrame && prefix is not null)
            {
                _document?.Frames.RemoveAt(_document.Frames.Count - 1);
            }
        }
    }

    private void ParseFieldOrInclude(HoconObject target, string[]? prefix)
    {
        if (IsIncludeStatement())
        {
            ParseInclude(target, prefix);
            return;
        }

        var origin = Here;
        var key = ParsePathExpression(inSubstitution: false, stopAtEnd: false);
        SkipHorizontal(allowComments: false);
        var append = false;
        if (Peek is ':' or '=')
        {
            _pos++;
            SkipAll();
        }
        else if (Peek == '+' && PeekAt(1) == '=')
        {
            _pos += 2;
            append = true;
            SkipAll();
        }
        else if (Peek != '{')
        {
            throw Error($"expected ':', '=', '+=' or '{{' after key '{HoconPath.Render(key)}'");
        }

        string[]? fieldPath = prefix is null ? null : [.. prefix, .. key];
        if (AtEnd || Peek is '\n' or ',' or '}' or ']' or '#' || (Peek == '/' && PeekAt(1) == '/'))
        {
            throw Error($"key '{HoconPath.Render(key)}' has no value");
        }

        var value = ParseValue(fieldPath);
        if (append)
        {
            var selfPath = fieldPath ?? [.. SubstitutionPrefix, .. key];
            value = new HoconConcatenation([new HoconSubstitution(selfPath, optional: true, origin), new HoconArray([value], origin)], origin);
        }

        if (_document is null)
        {
            throw Error("fields can only be parsed into a document");
        }

        if (fieldPath is not null)
        {
            value = _document.RewriteSelfReferences(value, fieldPath);
        }
        else if (append)
        {
            throw new ConfigurationException($"{origin}: '+=' is only supported in objects that are field values, not inside arrays or concatenations", origin);
        }

        HoconDocument.Assign(target, key, value, origin);
    }

    private HoconValue ParseValue(string[]? fieldPath)
    {
        var origin = Here;
        var parts = new List<HoconValue>();
        while (true)
        {
            parts.Add(ParseValueToken(parts.Count == 0 ? fieldPath : null));
            var wsStart = _pos;
            SkipHorizontal(allowComments: false);
            if (!AtValueTokenStart())
            {
                break;
            }

            if (_pos > wsStart)
            {
                parts.Add(new HoconScalar(HoconScalarKind.String, _text[wsStart.._pos], origin) { IsWhitespace = true });
            }
        }

        return parts.Count == 1 ? parts[0] : new HoconConcatenation(parts, origin);
    }

    private bool AtValueTokenStart() =>
        !AtEnd && Peek is not ('\n' or ',' or '}' or ']' or '#') && !(Peek == '/' && PeekAt(1) == '/');

    private HoconValue ParseValueToken(string[]? objectPath)
    {
        var origin = Here;
        switch (Peek)
        {
            case '{':
            {
                _pos++;
                var obj = new HoconObject(origin);
                ParseFields(obj, objectPath, braced: true, pushFrame: true);
                return obj;
            }

            case '[':
                return ParseArray();
            case '"':
                return HoconScalar.String(ParseQuoted(), origin);
            case '$':
                return ParseSubstitution();
        }

        if (Forbidden.Contains(Peek, StringComparison.Ordinal))
        {
            throw Error($"reserved character '{Peek}' in a value; quote the string if it is meant literally");
        }

        var run = ReadUnquotedRun();
        if (run.Length == 0)
        {
            throw Error($"expected a value, got '{Peek}'");
        }

        if (run is "true" or "false")
        {
            return new HoconScalar(HoconScalarKind.Boolean, run, origin);
        }

        if (run == "null")
        {
            return new HoconScalar(HoconScalarKind.Null, run, origin);
        }

        return new HoconScalar(JsonNumber().IsMatch(run) ? HoconScalarKind.Number : HoconScalarKind.String, run, origin);
    }

    private HoconArray ParseArray()
    {
        var origin = Here;
        _pos++;
        var items = new List<HoconValue>();
        while (true)
        {
            SkipAll();
            if (AtEnd)
            {
                throw Error("end of input inside an array: expected ']'");
            }

            if (Peek == ']')
            {
                _pos++;
                return new HoconArray(items, origin);
            }

            if (Peek == ',')
            {
                throw Error("unexpected ',' in array: an element is missing (leading or doubled comma)");
            }

            items.Add(ParseValue(fieldPath: null));
            SkipHorizontal(allowComments: true);
            if (Peek == ',')
            {
                _pos++;
            }
            else if (!(AtEnd || Peek is '\n' or ']'))
            {
                throw Error($"expected ',' or a newline between array elements, got '{Peek}'");
            }
        }
    }

    private HoconValue ParseSubstitution()
    {
        var origin = Here;
        if (PeekAt(1) != '{')
        {
            throw Error("'$' must start a substitution '${...}'; quote the string if it is meant literally");
        }

        _pos += 2;
        var optional = false;
        if (Peek == '?')
        {
            optional = true;
            _pos++;
        }

        SkipHorizontal(allowComments: false);
        var path = ParsePathExpression(inSubstitution: true, stopAtEnd: false);
        SkipHorizontal(allowComments: false);
        if (Peek != '}')
        {
            throw Error("expected '}' to close the substitution");
        }

        _pos++;
        return new HoconSubstitution([.. SubstitutionPrefix, .. path], optional, origin);
    }

    /// <summary>
    /// A key or substitution path: unquoted and quoted pieces, whitespace between pieces kept, '.' outside quotes
    /// separating elements.
    /// </summary>
    private string[] ParsePathExpression(bool inSubstitution, bool stopAtEnd)
    {
        var elements = new List<string>();
        var current = new StringBuilder();
        var hasPiece = false;
        var pendingWhitespace = string.Empty;
        while (true)
        {
            if (AtEnd)
            {
                if (stopAtEnd)
                {
                    break;
                }

                throw Error(inSubstitution ? "end of input inside a substitution" : "end of input after a key");
            }

            var c = Peek;
            if (c != '\n' && char.IsWhiteSpace(c))
            {
                var start = _pos;
                SkipHorizontal(allowComments: false);
                pendingWhitespace = _text[start.._pos];
                continue;
            }

            if (inSubstitution ? c == '}' : c is ':' or '=' or '{' || (c == '+' && PeekAt(1) == '='))
            {
                break;
            }

            if (c == '.')
            {
                if (!hasPiece)
                {
                    throw Error("empty path element (a leading, trailing or doubled '.'); quote an empty key as \"\"");
                }

                elements.Add(current.ToString());
                current.Clear();
                hasPiece = false;
                pendingWhitespace = string.Empty;
                _pos++;
                continue;
            }

            if (hasPiece)
            {
                current.Append(pendingWhitespace);
            }

            pendingWhitespace = string.Empty;
            if (c == '"')
            {
                current.Append(ParseQuoted());
                hasPiece = true;
                continue;
            }

            if (c == '\n' || c == '#' || (c == '/' && PeekAt(1) == '/'))
            {
                throw Error(inSubstitution ? "expected '}' to close the substitution" : "expected ':', '=' or '{' after the key");
            }

            if (Forbidden.Contains(c, StringComparison.Ordinal))
            {
                throw Error($"reserved character '{c}' in a path; quote the key if it is meant literally");
            }

            var run = ReadUnquotedRun(stopAtDot: true);
            current.Append(run);
            hasPiece = true;
        }

        if (!hasPiece)
        {
            throw Error(elements.Count == 0 ? "expected a key" : "a path cannot end with '.'");
        }

        elements.Add(current.ToString());
        return [.. elements];
    }

    private string ReadUnquotedRun(bool stopAtDot = false)
    {
        var start = _pos;
        var numeric = Peek == '-' || char.IsAsciiDigit(Peek);
        while (!AtEnd)
        {
            var c = Peek;
            if (c == '\n' || char.IsWhiteSpace(c) || (c == '/' && PeekAt(1) == '/') || (stopAtDot && c == '.'))
            {
                break;
            }

            // '+' is reserved, except inside a number's exponent (1e+5).
            if (c == '+' && numeric && _pos > start && _text[_pos - 1] is 'e' or 'E')
            {
                _pos++;
                continue;
            }

            if (Forbidden.Contains(c, StringComparison.Ordinal))
            {
                break;
            }

            _pos++;
        }

        return _text[start.._pos];
    }

    private string ParseQuoted()
    {
        if (PeekAt(1) == '"' && PeekAt(2) == '"')
        {
            return ParseTripleQuoted();
        }

        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("end of input inside a quoted string");
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c == '\n')
            {
                throw Error("newline inside a quoted string (use \\n or a triple-quoted string)");
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (AtEnd)
            {
                throw Error("end of input inside an escape");
            }

            var e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length || !int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error("\\u must be followed by four hex digits");
                    }

                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw Error($"invalid escape '\\{e}' in a quoted string");
            }
        }
    }

    private string ParseTripleQuoted()
    {
        var origin = Here;
        var start = _pos + 3;
        var end = _text.IndexOf("\"\"\"", start, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new ConfigurationException($"{origin}: unterminated triple-quoted string", origin);
        }

        // Quotes beyond the closing three belong to the string ("""a"""" is a").
        while (end + 3 < _text.Length && _text[end + 3] == '"')
        {
            end++;
        }

        var content = _text[start..end];
        _line += content.Count(ch => ch == '\n');
        _pos = end + 3;
        return content;
    }

    private bool IsIncludeStatement()
    {
        if (string.CompareOrdinal(_text, _pos, "include", 0, 7) != 0 || !char.IsWhiteSpace(PeekAt(7)))
        {
            return false;
        }

        var i = _pos + 7;
        while (i < _text.Length && char.IsWhiteSpace(_text[i]))
        {
            i++;
        }

        return i < _text.Length && (_text[i] == '"' || IsWordCall(i, "file") || IsWordCall(i, "required") || IsWordCall(i, "url") || IsWordCall(i, "classpath"));
    }

    private bool IsWordCall(int at, string word) =>
        string.CompareOrdinal(_text, at, word + "(", 0, word.Length + 1) == 0;

    private void ParseInclude(HoconObject target, string[]? prefix)
    {
        var origin = Here;
        _pos += 7;
        SkipAll();
        var required = false;
        if (IsWordCall(_pos, "required"))
        {
            required = true;
            _pos += "required(".Length;
            SkipAll();
        }

        var closers = 0;
        if (IsWordCall(_pos, "url") || IsWordCall(_pos, "classpath"))
        {
            throw Error("only file includes are supported: use include \"file\" or include file(\"file\")");
        }

        if (IsWordCall(_pos, "file"))
        {
            _pos += "file(".Length;
            closers++;
            SkipAll();
        }

        if (Peek != '"')
        {
            throw Error("include needs a quoted file name");
        }

        var name = ParseQuoted();
        for (var i = 0; i < closers + (required ? 1 : 0); i++)
        {
            SkipAll();
            if (Peek != ')')
            {
                throw Error("expected ')' to close the include");
            }

            _pos++;
        }

        string full;
        if (Path.IsPathRooted(name))
        {
            full = Path.GetFullPath(name);
        }
        else if (_baseDirectory is not null)
        {
            full = Path.GetFullPath(Path.Combine(_baseDirectory, name));
        }
        else
        {
            throw new ConfigurationException($"{origin}: cannot include relative '{name}' from {_source}, which is not a file", origin);
        }

        if (!File.Exists(full))
        {
            if (required)
            {
                throw new ConfigurationException($"{origin}: required include '{name}' not found (looked for {full})", origin);
            }

            return;
        }

        if (IncludeDepth >= MaxIncludeDepth)
        {
            throw new ConfigurationException($"{origin}: includes nested deeper than {MaxIncludeDepth} (an include cycle?) at '{name}'", origin);
        }

        var included = new HoconParser(File.ReadAllText(full), new HoconOrigin(full, 1), Path.GetDirectoryName(full), _document)
        {
            SubstitutionPrefix = prefix ?? SubstitutionPrefix,
            IncludeDepth = IncludeDepth + 1,
        };
        included.ParseDocumentInto(target, prefix ?? SubstitutionPrefix);
    }

    private void SkipHorizontal(bool allowComments)
    {
        while (!AtEnd)
        {
            var c = Peek;
            if (c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF'))
            {
                _pos++;
            }
            else if (allowComments && (c == '#' || (c == '/' && PeekAt(1) == '/')))
            {
                while (!AtEnd && Peek != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private void SkipAll()
    {
        while (true)
        {
            SkipHorizontal(allowComments: true);
            if (Peek != '\n')
            {
                return;
            }

            _pos++;
            _line++;
        }
    }

    private ConfigurationException Error(string message)
    {
        var origin = Here;
        return new ConfigurationException($"{origin}: {message}", origin);
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
