namespace Phantom.Streams.Configuration.Hocon;

/// <summary>
/// The value at <see cref="RelativePath"/> inside <see cref="Source"/>, once <see cref="Source"/> is resolved: how a
/// self-referential substitution reaches into an earlier value that is not yet a plain object.
/// </summary>
internal sealed class HoconPeek : HoconValue
{
    public HoconPeek(HoconValue source, string[] relativePath, bool optional, HoconOrigin origin)
        : base(origin)
    {
        Source = source;
        RelativePath = relativePath;
        Optional = optional;
    }

    public HoconValue Source { get; }

    public string[] RelativePath { get; }

    /// <summary>Missing is allowed (from <c>${?path}</c> or <c>+=</c>); otherwise missing is an error.</summary>
    public bool Optional { get; }

    public override string TypeName => "substitution";

    internal override HoconValue DeepClone() => new HoconPeek(Source.DeepClone(), RelativePath, Optional, Origin);
}
