namespace Phantom.Streams.Configuration.Hocon;

/// <summary>
/// A node of a HOCON tree. After <see cref="HoconDocument.Resolve"/> a tree holds only <see cref="HoconObject"/>,
/// <see cref="HoconArray"/> and <see cref="HoconScalar"/>; while parsing it may also hold substitutions,
/// concatenations and delayed merges, which resolution replaces.
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconOrigin origin) => Origin = origin;

    /// <summary>File and line the value was written at.</summary>
    public HoconOrigin Origin { get; }

    /// <summary>Short name of the value's type for error messages (<c>object</c>, <c>array</c>, <c>string</c>, ...).</summary>
    public abstract string TypeName { get; }

    /// <summary>A copy that later parsing cannot change (self-referential substitutions keep the value seen so far).</summary>
    internal abstract HoconValue DeepClone();
}
