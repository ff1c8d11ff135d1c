namespace Phantom.Streams.Configuration.Hocon;

/// <summary>An ordered list of values.</summary>
public sealed class HoconArray : HoconValue
{
    private readonly List<HoconValue> _items;

    public HoconArray(IEnumerable<HoconValue> items, HoconOrigin origin)
        : base(origin) => _items = [.. items];

    public IReadOnlyList<HoconValue> Items => _items;

    public override string TypeName => "array";

    internal override HoconValue DeepClone() => new HoconArray(_items.Select(i => i.DeepClone()), Origin);

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
