namespace Phantom.Streams.Journal;

/// <summary>The <c>tags</c> column's text form: tags joined by <c>;</c>, as Akka.Persistence.Sql stores them.</summary>
internal static class JournalTags
{
    public const char Separator = ';';

    public static string Encode(IReadOnlyList<string>? tags)
    {
        if (tags is null || tags.Count == 0) return string.Empty;
        foreach (var tag in tags)
        {
            if (string.IsNullOrEmpty(tag) || tag.Contains(Separator, StringComparison.Ordinal))
                throw new ArgumentException($"Journal tags must be non-empty and must not contain '{Separator}': '{tag}'.", nameof(tags));
        }

        return tags.Count == 1 ? tags[0] : string.Join(Separator, tags.Distinct(StringComparer.Ordinal));
    }

    public static IReadOnlyList<string> Decode(string text) =>
        text.Length == 0 ? Array.Empty<string>() : text.Split(Separator);

    /// <summary>Distinct tags of one event, for the tags table (its key is tag + ordering).</summary>
    public static IEnumerable<string> Distinct(IReadOnlyList<string>? tags) =>
        tags is null || tags.Count == 0 ? Array.Empty<string>() : tags.Count == 1 ? tags : tags.Distinct(StringComparer.Ordinal);
}
