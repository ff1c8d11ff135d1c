namespace Phantom.Streams.Configuration.Hocon;

/// <summary>
/// Successive values of one key whose merge cannot be decided until substitutions are resolved (an object written
/// over <c>${x}</c> merges only if <c>${x}</c> turns out to be an object). Layers are oldest first.
/// </summary>
internal sealed class HoconDelayedMerge : HoconValue
{
    public HoconDelayedMerge(IEnumerable<HoconValue> layers, HoconOrigin origin)
        : base(origin) => Layers = [.. layers];

    public List<HoconValue> Layers { get; }

    public override string TypeName => "merge";

    internal override HoconValue DeepClone() => new HoconDelayedMerge(Layers.Select(l => l.DeepClone()), Origin);

    public override string ToString() => string.Join(" <- ", Layers);
}
