namespace Phantom.Streams.Configuration.Hocon;

/// <summary>
/// A HOCON configuration being assembled from several sources, in order of increasing priority (a reference file,
/// overlays, overrides), then resolved once. Sources share one tree, so a later source merges into an earlier one
/// exactly as a duplicate key would, and substitutions (<c>${x}</c>, <c>+=</c>) see the whole configuration.
/// </summary>
public sealed class HoconDocument
{
    public HoconDocument()
    {
        Root = new HoconObject(new HoconOrigin("document", 0));
        Frames.Add(new Frame(Root, []));
    }

    internal HoconObject Root { get; }

    /// <summary>Objects being filled, outermost first, with their absolute paths: where self-references look for earlier values.</summary>
    internal List<Frame> Frames { get; } = [];

    /// <summary>Parses a file and merges it over what is already in the document. Includes are relative to the file's folder.</summary>
    /// <exception cref="ConfigurationException">The file is missing or is not valid HOCON.</exception>
    public void ParseFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ConfigurationException($"configuration file '{path}' not found (looked for {full})", new HoconOrigin(full, 0));
        }

        ParseText(File.ReadAllText(full), full, Path.GetDirectoryName(full));
    }

    /// <summary>Parses HOCON text and merges it over what is already in the document.</summary>
    /// <param name="text">The HOCON source.</param>
    /// <param name="sourceName">Named in origins and errors (a path, or e.g. <c>hocon/phantom.conf (embedded)</c>).</param>
    /// <param name="baseDirectory">Folder relative includes are looked up in; null forbids relative includes.</param>
    public void ParseText(string text, string sourceName, string? baseDirectory = null) =>
        new HoconParser(text, new HoconOrigin(sourceName, 1), baseDirectory, this).ParseDocumentInto(Root, []);

    /// <summary>Sets a path to a value, with the same merge and self-reference rules as a field written in a file.</summary>
    public void Set(string path, HoconValue value) => Set(HoconPath.Parse(path), value);

    public void Set(IReadOnlyList<string> path, HoconValue value)
    {
        var fieldPath = path.ToArray();
        Assign(Root, fieldPath, RewriteSelfReferences(value, fieldPath), value.Origin);
    }

    /// <summary>
    /// Sets a path from text as a command line or an environment variable gives it: text starting with <c>[</c> or
    /// <c>{</c> is parsed as a HOCON array or object; anything else is a string (typed conversion happens on binding).
    /// </summary>
    public void SetText(string path, string text, HoconOrigin origin)
    {
        var fieldPath = HoconPath.Parse(path);
        var trimmed = text.TrimStart();
        var value = trimmed.StartsWith('[') || trimmed.StartsWith('{')
            ? new HoconParser(text, origin, baseDirectory: null, this).ParseStandaloneValue(fieldPath)
            : HoconScalar.String(text, origin);
        Set(fieldPath, value);
    }

    /// <summary>Resolves every substitution and returns the finished tree (objects, arrays and scalars only).</summary>
    /// <param name="environment">Variables substitutions fall back to when no key matches; null uses the process environment.</param>
    /// <exception cref="ConfigurationException">An unresolvable or cyclic substitution, or an invalid concatenation.</exception>
    public HoconObject Resolve(IReadOnlyDictionary<string, string>? environment = null) =>
        new HoconResolver(Root, environment ?? ProcessEnvironment()).ResolveRoot();

    internal static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>Assigns <paramref name="value"/> at <paramref name="path"/> below <paramref name="target"/>: objects merge, anything else replaces (spec: duplicate keys).</summary>
    internal static void Assign(HoconObject target, IReadOnlyList<string> path, HoconValue value, HoconOrigin origin)
    {
        var current = target;
        for (var i = 0; i < path.Count - 1; i++)
        {
            var key = path[i];
            if (current.TryGetValue(key, out var existing))
            {
                switch (existing)
                {
                    case HoconObject o:
                        current = o;
                        continue;
                    case HoconDelayedMerge { Layers: [.., HoconObject last] }:
                        current = last;
                        continue;
                    case HoconScalar or HoconArray:
                        break;
                    default:
                    {
                        var layer = new HoconObject(origin);
                        current.Set(key, new HoconDelayedMerge([existing, layer], origin));
                        current = layer;
                        continue;
                    }
                }
            }

            var created = new HoconObject(origin);
            current.Set(key, created);
            current = created;
        }

        SetField(current, path[^1], value);
    }

    private static void SetField(HoconObject target, string key, HoconValue value)
    {
        if (!target.TryGetValue(key, out var existing))
        {
            target.Set(key, value);
            return;
        }

        switch (value)
        {
            case HoconObject incoming when existing is HoconObject old:
                MergeInto(old, incoming);
                return;
            case HoconObject incoming when existing is HoconDelayedMerge { Layers: [.., HoconObject last] }:
                MergeInto(last, incoming);
                return;
            case HoconObject or HoconScalar or HoconArray when existing is HoconScalar or HoconArray:
            case HoconScalar or HoconArray:
                target.Set(key, value);
                return;
            default:
                // An unresolved value (or an object over an unresolved one): which wins depends on what the
                // substitutions turn out to be, so keep both and decide at resolution.
                if (existing is HoconDelayedMerge merge)
                {
                    merge.Layers.Add(value);
                }
                else
                {
                    target.Set(key, new HoconDelayedMerge([existing, value], value.Origin));
                }

                return;
        }
    }

    private static void MergeInto(HoconObject target, HoconObject source)
    {
        foreach (var (key, value) in source.Fields)
        {
            SetField(target, key, value);
        }
    }

    /// <summary>
    /// Binds substitutions that refer to the field being defined (or below it) to the value the field had so far:
    /// <c>a = ${a} [2]</c> extends the earlier <c>a</c> instead of forming a cycle (spec: self-referential substitutions).
    /// </summary>
    internal HoconValue RewriteSelfReferences(HoconValue value, string[] fieldPath)
    {
        switch (value)
        {
            case HoconSubstitution { EnvironmentOnly: false } s when StartsWith(s.Path, fieldPath):
                return EarlierValue(s) ?? new HoconSubstitution(s.Path, s.Optional, s.Origin) { EnvironmentOnly = true };
            case HoconConcatenation c:
            {
                var parts = c.Parts.Select(p => RewriteSelfReferences(p, fieldPath)).ToList();
                return parts.SequenceEqual(c.Parts) ? c : new HoconConcatenation(parts, c.Origin);
            }

            case HoconArray a:
            {
                var items = a.Items.Select(i => RewriteSelfReferences(i, fieldPath)).ToList();
                return items.SequenceEqual(a.Items) ? a : new HoconArray(items, a.Origin);
            }

            default:
                return value;
        }
    }

    private HoconValue? EarlierValue(HoconSubstitution s)
    {
        HoconValue? accumulated = null;
        foreach (var frame in Frames)
        {
            if (!StartsWith(s.Path, frame.Prefix))
            {
                continue;
            }

            HoconValue node = frame.Object;
            var hidden = false;
            var mentioned = true;
            for (var i = frame.Prefix.Length; i < s.Path.Length; i++)
            {
                if (node is HoconObject o)
                {
                    if (!o.TryGetValue(s.Path[i], out node!))
                    {
                        mentioned = false;
                        break;
                    }
                }
                else if (node is HoconScalar or HoconArray)
                {
                    hidden = true;
                    break;
                }
                else
                {
                    node = new HoconPeek(node.DeepClone(), s.Path[i..], s.Optional, s.Origin);
                    break;
                }
            }

            if (!mentioned)
            {
                continue;
            }

            if (hidden)
            {
                accumulated = null;
                continue;
            }

            var snapshot = node is HoconPeek ? node : node.DeepClone();
            accumulated = accumulated is not null && snapshot is not (HoconScalar or HoconArray)
                ? new HoconDelayedMerge([accumulated, snapshot], s.Origin)
                : snapshot;
        }

        return accumulated;
    }

    private static bool StartsWith(string[] path, string[] prefix) =>
        path.Length >= prefix.Length && path.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    internal readonly record struct Frame(HoconObject Object, string[] Prefix);
}
