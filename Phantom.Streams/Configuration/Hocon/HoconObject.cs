namespace Phantom.Streams.Configuration.Hocon;

/// <summary>
/// An object: keys in the order they were first written. Mutable only inside this assembly, while a document is
/// parsed (duplicate keys merge into the same object, as the spec's field-by-field merge rule describes).
/// </summary>
public sealed class HoconObject : HoconValue
{
    private readonly Dictionary<string, HoconValue> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    public HoconObject(HoconOrigin origin)
        : base(origin)
    {
    }

    public IReadOnlyList<string> Keys => _keys;

    public int Count => _keys.Count;

    public override string TypeName => "object";

    public HoconValue this[string key] => _fields[key];

    public IEnumerable<KeyValuePair<string, HoconValue>> Fields => _keys.Select(k => new KeyValuePair<string, HoconValue>(k, _fields[k]));

    public bool TryGetValue(string key, out HoconValue value) => _fields.TryGetValue(key, out value!);

    /// <summary>Looks up a path expression such as <c>a.b."c.d"</c>.</summary>
    public bool TryGetPath(string path, out HoconValue value) => TryGetPath(HoconPath.Parse(path), out value);

    public bool TryGetPath(IReadOnlyList<string> path, out HoconValue value)
    {
        HoconValue current = this;
        foreach (var segment in path)
        {
            if (current is not HoconObject o || !o.TryGetValue(segment, out current))
            {
                value = null!;
                return false;
            }
        }

        value = current;
        return true;
    }

    /// <summary>The scalar at a path, or an exception naming the path.</summary>
    public HoconScalar GetScalar(string path)
    {
        if (!TryGetPath(path, out var value))
        {
            throw new ConfigurationException($"missing key '{path}'", Origin, path);
        }

        return value as HoconScalar ?? throw new ConfigurationException($"key '{path}' at {value.Origin}: expected a simple value, got {value.TypeName}", value.Origin, path);
    }

    public string GetString(string path) => GetScalar(path).Text;

    public long GetInt64(string path) =>
        GetScalar(path) is var s && s.TryGetInt64(out var v) ? v : throw Wrong(path, s, "a whole number");

    public double GetDouble(string path) =>
        GetScalar(path) is var s && s.TryGetDouble(out var v) ? v : throw Wrong(path, s, "a number");

    public bool GetBoolean(string path) =>
        GetScalar(path) is var s && s.TryGetBoolean(out var v) ? v : throw Wrong(path, s, "a boolean");

    public TimeSpan GetDuration(string path) =>
        GetScalar(path) is var s && s.TryGetDuration(out var v) ? v : throw Wrong(path, s, "a duration");

    public long GetBytes(string path) =>
        GetScalar(path) is var s && s.TryGetBytes(out var v) ? v : throw Wrong(path, s, "a size in bytes");

    internal void Set(string key, HoconValue value)
    {
        if (!_fields.ContainsKey(key))
        {
            _keys.Add(key);
        }

        _fields[key] = value;
    }

    internal void Remove(string key)
    {
        if (_fields.Remove(key))
        {
            _keys.Remove(key);
        }
    }

    internal override HoconValue DeepClone()
    {
        var copy = new HoconObject(Origin);
        foreach (var key in _keys)
        {
            copy.Set(key, _fields[key].DeepClone());
        }

        return copy;
    }

    public override string ToString() => "{" + string.Join(", ", _keys.Select(k => $"{HoconPath.Render([k])}: {_fields[k]}")) + "}";

    private static ConfigurationException Wrong(string path, HoconScalar s, string expected) =>
        new($"key '{path}' at {s.Origin}: expected {expected}, got {s.TypeName} {s}", s.Origin, path);
}
