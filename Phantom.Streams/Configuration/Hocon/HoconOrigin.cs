namespace Phantom.Streams.Configuration.Hocon;

/// <summary>Where a HOCON value was written: a file (or another description of a source) and a 1-based line.</summary>
/// <param name="Description">A file path, or a description such as <c>environment variable PHANTOM_X</c>.</param>
/// <param name="Line">1-based line; 0 when the source has no lines (an override given in code).</param>
public readonly record struct HoconOrigin(string Description, int Line)
{
    /// <summary>Origin of values created in code rather than read from a source.</summary>
    public static HoconOrigin Code { get; } = new("code", 0);

    public override string ToString() => Line > 0 ? $"{Description}:{Line}" : Description;
}
