using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Phantom.Tests.Docker;

/// <summary>
/// docker/docker-compose.yml read with YamlDotNet (merge keys <c>&lt;&lt;: *anchor</c> resolved), with compose's
/// <c>${VAR:-default}</c> interpolation applied as an environment without those variables would: the default.
/// </summary>
internal sealed partial class ComposeFile
{
    private ComposeFile(IReadOnlyDictionary<string, ComposeService> services) => Services = services;

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public static ComposeFile Load(string path)
    {
        using var reader = new StreamReader(path);
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        var services = Map(root["services"]).ToDictionary(
            s => (string)s.Key,
            s => Service((string)s.Key, Map(s.Value)),
            StringComparer.Ordinal);
        return new ComposeFile(services);
    }

    private static ComposeService Service(string name, Dictionary<object, object> s)
    {
        var environment = s.TryGetValue("environment", out var env)
            ? Map(env).ToDictionary(e => (string)e.Key, e => Interpolate(Scalar(e.Value)), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var dependsOn = s.TryGetValue("depends_on", out var depends)
            ? depends is List<object> list ? list.Select(Scalar).ToList() : Map(depends).Keys.Select(k => (string)k).ToList()
            : [];
        var ports = s.TryGetValue("ports", out var p)
            ? ((List<object>)p).Select(Scalar).Select(Port).ToList()
            : [];
        return new ComposeService(
            name,
            s.TryGetValue("image", out var image) ? Scalar(image) : null,
            s.TryGetValue("hostname", out var hostname) ? Scalar(hostname) : null,
            Strings(s, "command"),
            Strings(s, "entrypoint"),
            environment,
            dependsOn,
            ports);
    }

    private static List<string> Strings(Dictionary<object, object> s, string key) =>
        !s.TryGetValue(key, out var value) ? []
        : value is List<object> list ? list.Select(v => Interpolate(Scalar(v))).ToList()
        : Scalar(value).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static (int Host, int Container) Port(string spec)
    {
        var parts = spec.Split(':');
        Assert.True(parts.Length == 2, $"port '{spec}' is not HOST:CONTAINER");
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Interpolate(string text) =>
        InterpolationPattern().Replace(text.Replace("$$", "\u0000", StringComparison.Ordinal), m => m.Groups["default"].Value).Replace("\u0000", "$", StringComparison.Ordinal);

    private static Dictionary<object, object> Map(object value) =>
        value as Dictionary<object, object> ?? throw new InvalidOperationException($"expected a mapping, got {value?.GetType().Name ?? "null"}");

    private static string Scalar(object value) => value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex InterpolationPattern();
}
