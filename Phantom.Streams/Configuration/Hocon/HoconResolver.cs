using System.Text;

namespace Phantom.Streams.Configuration.Hocon;

/// <summary>
/// Replaces substitutions, concatenations and delayed merges by plain values. Lookups walk unresolved objects
/// field by field, so <c>bar { foo = 42, baz = ${bar.foo} }</c> resolves only <c>bar.foo</c>, not all of
/// <c>bar</c> (the spec requires this); a value met again while it is being resolved is a cycle.
/// </summary>
internal sealed class HoconResolver(HoconObject root, IReadOnlyDictionary<string, string> environment)
{
    private readonly Dictionary<HoconValue, HoconValue?> _memo = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HoconValue> _active = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HoconValue> _finished = new(ReferenceEqualityComparer.Instance);

    public HoconObject ResolveRoot() => (HoconObject)Resolve(root)!;

    /// <summary>The plain value of <paramref name="value"/>, or null when it is undefined (an unset <c>${?x}</c>).</summary>
    private HoconValue? Resolve(HoconValue value)
    {
        if (value is HoconScalar || _finished.Contains(value))
        {
            return value;
        }

        if (_memo.TryGetValue(value, out var done))
        {
            return done;
        }

        if (!_active.Add(value))
        {
            throw new ConfigurationException($"{value.Origin}: cycle in substitutions: {value} depends on itself", value.Origin);
        }

        HoconValue? result;
        try
        {
            result = value switch
            {
                HoconObject o => ResolveObject(o),
                HoconArray a => new HoconArray(a.Items.Select(Resolve).OfType<HoconValue>(), a.Origin),
                HoconSubstitution s => ResolveSubstitution(s),
                HoconConcatenation c => ResolveConcatenation(c),
                HoconDelayedMerge m => ResolveMerge(m),
                HoconPeek p => ResolvePeek(p),
                _ => throw new InvalidOperationException($"unknown HOCON node {value.GetType().Name}"),
            };
        }
        finally
        {
            _active.Remove(value);
        }

        _memo[value] = result;
        if (result is not null)
        {
            _finished.Add(result);
        }

        return result;
    }

    private HoconObject ResolveObject(HoconObject o)
    {
        var resolved = new HoconObject(o.Origin);
        foreach (var (key, field) in o.Fields)
        {
            if (Resolve(field) is { } v)
            {
                resolved.Set(key, v);
            }
        }

        return resolved;
    }

    private HoconValue? ResolveSubstitution(HoconSubstitution s)
    {
        if (!s.EnvironmentOnly && Lookup(s.Path) is { } found)
        {
            return found;
        }

        var name = string.Join('.', s.Path);
        if (environment.TryGetValue(name, out var text) && text.Length > 0)
        {
            return HoconScalar.String(text, new HoconOrigin($"environment variable {name}", 0));
        }

        if (s.Optional)
        {
            return null;
        }

        throw new ConfigurationException(
            $"{s.Origin}: unresolved substitution {s}: no key '{HoconPath.Render(s.Path)}' and no environment variable '{name}'", s.Origin, HoconPath.Render(s.Path));
    }

    private HoconValue? Lookup(string[] path)
    {
        HoconValue node = root;
        foreach (var key in path)
        {
            if (node is HoconDelayedMerge merge && LatestPlainField(merge, key) is { } plain)
            {
                node = plain;
                continue;
            }

            // Descend plain objects without resolving them whole; only substitutions on the way are resolved.
            var obj = node as HoconObject ?? Resolve(node) as HoconObject;
            if (obj is null || !obj.TryGetValue(key, out var child))
            {
                return null;
            }

            node = child;
        }

        return Resolve(node);
    }

    /// <summary>
    /// A field of a delayed merge that can be read without resolving the merge: the latest object layers that
    /// mention <paramref name="key"/> give a scalar or array, which no earlier layer can change. Lets
    /// <c>x = ${base}, x { b = 2, c = ${x.b} }</c> resolve without a false cycle through <c>x</c>.
    /// </summary>
    private static HoconValue? LatestPlainField(HoconDelayedMerge merge, string key)
    {
        for (var i = merge.Layers.Count - 1; i >= 0; i--)
        {
            if (merge.Layers[i] is not HoconObject layer)
            {
                return null;
            }

            if (layer.TryGetValue(key, out var field))
            {
                return field is HoconScalar or HoconArray ? field : null;
            }
        }

        return null;
    }

    private HoconValue? ResolvePeek(HoconPeek p)
    {
        var node = Resolve(p.Source);
        foreach (var key in p.RelativePath)
        {
            if (node is not HoconObject o || !o.TryGetValue(key, out node))
            {
                return p.Optional
                    ? null
                    : throw new ConfigurationException($"{p.Origin}: self-referential substitution has no earlier value at '{key}'", p.Origin);
            }
        }

        return node;
    }

    private HoconValue? ResolveMerge(HoconDelayedMerge m)
    {
        HoconValue? accumulated = null;
        foreach (var layer in m.Layers)
        {
            if (Resolve(layer) is { } v)
            {
                accumulated = accumulated is null ? v : Merge(accumulated, v);
            }
        }

        return accumulated;
    }

    /// <summary>The spec's pairwise merge of plain values: objects merge field by field; otherwise the later wins.</summary>
    internal static HoconValue Merge(HoconValue earlier, HoconValue later)
    {
        if (earlier is not HoconObject a || later is not HoconObject b)
        {
            return later;
        }

        var merged = new HoconObject(b.Origin);
        foreach (var (key, value) in a.Fields)
        {
            merged.Set(key, value);
        }

        foreach (var (key, value) in b.Fields)
        {
            merged.Set(key, merged.TryGetValue(key, out var old) ? Merge(old, value) : value);
        }

        return merged;
    }

    private HoconValue? ResolveConcatenation(HoconConcatenation c)
    {
        // (value, whitespace before it, came from a substitution)
        var items = new List<(HoconValue Value, string Gap, bool Substituted)>();
        var gap = string.Empty;
        foreach (var part in c.Parts)
        {
            if (part is HoconScalar { IsWhitespace: true } ws)
            {
                gap += ws.Text;
                continue;
            }

            var v = Resolve(part);
            if (v is null)
            {
                continue;
            }

            items.Add((v, items.Count == 0 ? string.Empty : gap, part is HoconSubstitution or HoconPeek));
            gap = string.Empty;
        }

        if (items.Count == 0)
        {
            return null;
        }

        if (items.Count == 1)
        {
            return items[0].Value;
        }

        if (items.All(i => i.Value is HoconArray))
        {
            return new HoconArray(items.SelectMany(i => ((HoconArray)i.Value).Items), c.Origin);
        }

        if (items.All(i => i.Value is HoconObject))
        {
            return items.Select(i => i.Value).Aggregate(Merge);
        }

        if (items.FirstOrDefault(i => i.Value is HoconArray or HoconObject) is { Value: not null } bad)
        {
            throw new ConfigurationException(
                $"{c.Origin}: cannot concatenate {bad.Value.TypeName} {bad.Value} with strings in '{c}'; arrays join arrays and objects join objects", c.Origin);
        }

        var sb = new StringBuilder();
        foreach (var (value, itemGap, substituted) in items)
        {
            var s = (HoconScalar)value;
            sb.Append(itemGap).Append(s.IsNull && substituted ? string.Empty : s.Text);
        }

        return HoconScalar.String(sb.ToString(), c.Origin);
    }
}
