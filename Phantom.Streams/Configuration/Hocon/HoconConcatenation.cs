namespace Phantom.Streams.Configuration.Hocon;

/// <summary>Values written side by side on one line (<c>foo bar</c>, <c>${a} [1]</c>); joined when resolved.</summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(IReadOnlyList<HoconValue> parts, HoconOrigin origin)
        : base(origin) => Parts = parts;

    public IReadOnlyList<HoconValue> Parts { get; }

    public override string TypeName => "concatenation";

    internal override HoconValue DeepClone() => new HoconConcatenation([.. Parts.Select(p => p.DeepClone())], Origin);

    public override string ToString() => string.Join(string.Empty, Parts.Select(p => p is HoconScalar s ? s.Text : p.ToString()));
}
