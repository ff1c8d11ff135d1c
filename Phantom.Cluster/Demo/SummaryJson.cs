using System.Text.Json;
using System.Text.Json.Serialization;

namespace Phantom.Cluster.Demo;

/// <summary>Writes a summary record as indented JSON with snake_case names (NaN as the string "NaN").</summary>
internal static class SummaryJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public static string Serialize<T>(T summary) => JsonSerializer.Serialize(summary, Options);

    public static async Task WriteAsync<T>(string path, T summary)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, Serialize(summary) + "\n").ConfigureAwait(false);
    }
}
