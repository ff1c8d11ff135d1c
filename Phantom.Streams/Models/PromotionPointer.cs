using System.Text.Json;
using System.Text.Json.Serialization;

namespace Phantom.Streams.Models;

/// <summary>
/// The promoted pointer of one kind (<c>promoted/&lt;kind&gt;.json</c>): the current promotion, or none (the
/// configured defaults are served), and the earlier promotions, oldest first, that a rollback returns to. Written
/// whole and atomically (<see cref="AtomicFile"/>), so a promotion is one rename: there is no half-promoted state.
/// </summary>
public sealed record PromotionPointer
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    public required string Kind { get; init; }

    /// <summary>The served artifact; null when nothing is promoted (configured defaults).</summary>
    public PromotionRecord? Current { get; init; }

    /// <summary>Earlier promotions, oldest first; the last is what <c>rollback</c> restores.</summary>
    public IReadOnlyList<PromotionRecord> History { get; init; } = [];

    /// <summary>Reads the pointer of <paramref name="kind"/>, or an empty one when the kind was never promoted.</summary>
    /// <exception cref="ModelLoadException">The pointer file exists but is unreadable or malformed.</exception>
    public static PromotionPointer Read(string root, string kind)
    {
        var path = RegistryLayout.PointerOf(root, kind);
        if (!File.Exists(path))
        {
            return new PromotionPointer { Kind = kind };
        }

        try
        {
            var pointer = JsonSerializer.Deserialize<PromotionPointer>(File.ReadAllText(path), Json)
                ?? throw new ModelLoadException($"promoted pointer '{path}' is empty");
            if (pointer.Kind != kind)
            {
                throw new ModelLoadException($"promoted pointer '{path}' says kind '{pointer.Kind}', expected '{kind}'");
            }

            return pointer with { History = pointer.History ?? [] };
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"promoted pointer '{path}' is malformed: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ModelLoadException($"promoted pointer '{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Replaces the pointer file atomically.</summary>
    public void Write(string root) => AtomicFile.WriteAllText(RegistryLayout.PointerOf(root, Kind), JsonSerializer.Serialize(this, Json) + "\n");
}
