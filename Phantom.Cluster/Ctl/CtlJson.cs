using System.Globalization;
using System.Text.Json;

namespace Phantom.Cluster.Ctl;

/// <summary>Reading the admin API's JSON leniently for tables: a missing field reads as empty, never as an exception.</summary>
internal static class CtlJson
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static JsonElement? Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A field as display text: strings as they are, numbers invariant (2 decimals for fractions), arrays joined.</summary>
    public static string Text(this JsonElement e, string name) => e.Get(name) is { } value ? Show(value) : "";

    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l.ToString("N0", Invariant) : Round(value.GetDouble()),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Show)),
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name}={Show(p.Value)}")),
        _ => "",
    };

    public static long Long(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.Number } v ? (v.TryGetInt64(out var l) ? l : (long)v.GetDouble()) : 0;

    public static double Double(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : 0;

    public static IEnumerable<JsonElement> Items(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray() : [];

    public static IEnumerable<JsonProperty> Fields(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.Object } v ? v.EnumerateObject() : [];

    /// <summary>Numbers the way tables show them: integers grouped, fractions to 4 significant decimals at most.</summary>
    public static string Round(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("N1", Invariant) : value.ToString("0.####", Invariant);

    /// <summary>A shard list compactly: <c>0-3, 7, 9-10</c>.</summary>
    public static string Ranges(IEnumerable<long> shards)
    {
        var sorted = shards.Distinct().Order().ToArray();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(j == i ? sorted[i].ToString(Invariant) : $"{sorted[i].ToString(Invariant)}-{sorted[j].ToString(Invariant)}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }
}
