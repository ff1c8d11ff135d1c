using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Streams.Configuration;

/// <summary>
/// Assembles <see cref="PhantomOptions"/> from, in increasing priority: the embedded reference
/// <c>hocon/phantom.conf</c>, overlay files (<c>--config</c>), <c>PHANTOM_*</c> environment variables, and
/// overrides set in code (command-line flags). All layers go through the same HOCON merge, the same binder
/// (unknown keys and wrong types fail with key path and file:line) and the same range validation.
/// </summary>
/// <example>
/// <code>
/// var options = new PhantomConfiguration()
///     .AddOverlay("hocon/cluster.conf")
///     .Set("phantom.generator.alpha", "0.5")
///     .Build();
/// </code>
/// </example>
public sealed class PhantomConfiguration
{
    /// <summary>The root key every Phantom setting lives under.</summary>
    public const string RootKey = "phantom";

    /// <summary>Environment variables with this prefix override keys: <c>PHANTOM_PIPELINE__BATCH_SIZE</c> sets <c>phantom.pipeline.batch-size</c>.</summary>
    public const string EnvironmentPrefix = "PHANTOM_";

    /// <summary>Logical name of the embedded reference configuration.</summary>
    public const string ReferenceResource = "hocon/phantom.conf";

    private readonly List<(string Text, string Source, string? BaseDirectory)> _overlays = [];
    private readonly List<(string Path, string Value)> _overrides = [];

    /// <summary>Names of the overlays embedded in the assembly (<c>embedded</c>, <c>cluster</c>, <c>training</c>).</summary>
    public static IReadOnlyList<string> EmbeddedOverlays { get; } = ["embedded", "cluster", "training"];

    /// <summary>Loads reference, optional overlay, environment and overrides, then binds and validates.</summary>
    /// <param name="overlayPath">A HOCON file, or the name of an embedded overlay (<c>cluster</c>, <c>cluster.conf</c>).</param>
    /// <param name="environment">Variables for <c>PHANTOM_*</c> overrides and substitution fallback; null reads the process environment.</param>
    /// <param name="overrides">Full key paths (<c>phantom.generator.alpha</c>) to values as text, applied last.</param>
    /// <exception cref="ConfigurationException">Any syntax, key, type or range problem, naming key and file:line.</exception>
    public static PhantomOptions Load(
        string? overlayPath = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var configuration = new PhantomConfiguration();
        if (overlayPath is not null)
        {
            configuration.AddOverlay(overlayPath);
        }

        foreach (var (path, value) in overrides ?? [])
        {
            configuration.Set(path, value);
        }

        return configuration.Build(environment);
    }

    /// <summary>Text of the embedded reference <c>hocon/phantom.conf</c>.</summary>
    public static string ReferenceText() => ReadResource(ReferenceResource)
        ?? throw new InvalidOperationException($"embedded resource {ReferenceResource} is missing from {typeof(PhantomConfiguration).Assembly.GetName().Name}");

    /// <summary>Adds an overlay: a HOCON file, or the name of an embedded overlay. Later overlays win.</summary>
    public PhantomConfiguration AddOverlay(string pathOrName)
    {
        if (File.Exists(pathOrName))
        {
            var full = Path.GetFullPath(pathOrName);
            _overlays.Add((File.ReadAllText(full), full, Path.GetDirectoryName(full)));
            return this;
        }

        var name = Path.GetFileNameWithoutExtension(pathOrName);
        if (EmbeddedOverlays.Contains(name) && (pathOrName == name || Path.GetFileName(pathOrName) == name + ".conf") && !pathOrName.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            var resource = $"hocon/{name}.conf";
            _overlays.Add((ReadResource(resource)!, $"{resource} (embedded)", null));
            return this;
        }

        throw new ConfigurationException($"configuration file '{pathOrName}' not found (looked for {Path.GetFullPath(pathOrName)}; embedded overlays: {string.Join(", ", EmbeddedOverlays)})");
    }

    /// <summary>Adds HOCON text as an overlay (tests, generated configuration).</summary>
    public PhantomConfiguration AddOverlayText(string text, string sourceName, string? baseDirectory = null)
    {
        _overlays.Add((text, sourceName, baseDirectory));
        return this;
    }

    /// <summary>
    /// Sets a full key path (<c>phantom.generator.alpha</c>) to a value given as text, as a command-line flag does;
    /// it beats every other layer. Text starting with <c>[</c> or <c>{</c> is parsed as HOCON.
    /// </summary>
    public PhantomConfiguration Set(string keyPath, string value)
    {
        _overrides.Add((keyPath, value));
        return this;
    }

    /// <summary>Builds, binds and validates the options.</summary>
    public PhantomOptions Build(IReadOnlyDictionary<string, string>? environment = null)
    {
        var tree = BuildTree(environment);
        var origins = new Dictionary<string, HoconOrigin>(StringComparer.Ordinal);
        var options = BindRoot(tree, origins);
        PhantomOptionsValidator.Validate(options, origins);
        return options;
    }

    /// <summary>The merged, resolved HOCON tree (all layers), before binding.</summary>
    public HoconObject BuildTree(IReadOnlyDictionary<string, string>? environment = null)
    {
        environment ??= HoconDocument.ProcessEnvironment();
        var document = new HoconDocument();
        document.ParseText(ReferenceText(), $"{ReferenceResource} (embedded)");
        foreach (var (text, source, baseDirectory) in _overlays)
        {
            document.ParseText(text, source, baseDirectory);
        }

        var variables = environment
            .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && e.Value.Length > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
        if (variables.Count > 0)
        {
            var layered = document.Resolve(environment);
            var phantom = layered.TryGetValue(RootKey, out var p) ? p as HoconObject : null;
            foreach (var (name, value) in variables)
            {
                var path = EnvironmentKeyPath(name, phantom);
                document.SetText(HoconPath.Render(path), value, new HoconOrigin($"environment variable {name}", 0));
            }
        }

        foreach (var (path, value) in _overrides)
        {
            document.SetText(path, value, new HoconOrigin($"override {path}", 0));
        }

        return document.Resolve(environment);
    }

    /// <summary>Binds the <c>phantom</c> object of a resolved tree; keys other than <c>phantom</c> at the root are errors too.</summary>
    public static PhantomOptions BindRoot(HoconObject tree, IDictionary<string, HoconOrigin>? origins = null)
    {
        foreach (var (key, value) in tree.Fields)
        {
            if (key != RootKey)
            {
                throw new ConfigurationException($"unknown key '{HoconPath.Render([key])}' at {value.Origin}; known keys here: {RootKey}", value.Origin, key);
            }
        }

        if (!tree.TryGetValue(RootKey, out var root))
        {
            return new PhantomOptions();
        }

        if (root is not HoconObject rootObject)
        {
            throw new ConfigurationException($"key '{RootKey}' at {root.Origin}: expected an object, got {root.TypeName}", root.Origin, RootKey);
        }

        return OptionsBinder.Bind<PhantomOptions>(rootObject, RootKey, origins);
    }

    /// <summary>
    /// Maps <c>PHANTOM_A__B_C</c> to <c>phantom.a.b-c</c> by walking the option classes (so <c>_</c> in a property
    /// means <c>-</c>) and the keys already configured in dictionaries (so <c>ADD_ITEM_TO_CART</c> finds
    /// <c>add_item_to_cart</c>); a new dictionary key is the lower-cased segment. A variable naming no key fails.
    /// </summary>
    public static string[] EnvironmentKeyPath(string variable, HoconObject? phantom)
    {
        if (!variable.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
        {
            throw new ConfigurationException($"environment variable {variable} does not start with {EnvironmentPrefix}");
        }

        var origin = new HoconOrigin($"environment variable {variable}", 0);
        var segments = variable[EnvironmentPrefix.Length..].Split("__");
        var path = new List<string> { RootKey };
        var type = typeof(PhantomOptions);
        HoconValue? node = phantom;
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                throw new ConfigurationException($"environment variable {variable} names no key: empty segment (use '__' between keys)", origin);
            }

            string key;
            if (OptionsBinder.IsOptionsClass(type))
            {
                var properties = OptionsBinder.BindableProperties(type).ToList();
                var match = properties.FirstOrDefault(p => string.Equals(ToEnvironmentSegment(OptionsBinder.ToKebabCase(p.Name)), segment, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ConfigurationException(
                        $"environment variable {variable} names no key: '{segment}' is not a key of {string.Join('.', path)}; known here: {string.Join(", ", properties.Select(p => ToEnvironmentSegment(OptionsBinder.ToKebabCase(p.Name))))}",
                        origin,
                        string.Join('.', path));
                key = OptionsBinder.ToKebabCase(match.Name);
                type = match.PropertyType;
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                var known = (node as HoconObject)?.Keys.FirstOrDefault(k => string.Equals(ToEnvironmentSegment(k), segment, StringComparison.OrdinalIgnoreCase));
                key = known ?? segment.ToLowerInvariant();
                type = type.GetGenericArguments()[1];
            }
            else
            {
                throw new ConfigurationException($"environment variable {variable} names no key: {string.Join('.', path)} has no keys below it", origin, string.Join('.', path));
            }

            path.Add(key);
            node = node is HoconObject o && o.TryGetValue(key, out var child) ? child : null;
        }

        return [.. path];
    }

    /// <summary>The environment-variable form of one key: upper case, <c>-</c> as <c>_</c>.</summary>
    public static string ToEnvironmentSegment(string key) => key.ToUpperInvariant().Replace('-', '_');

    private static string? ReadResource(string name)
    {
        using var stream = typeof(PhantomConfiguration).Assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
