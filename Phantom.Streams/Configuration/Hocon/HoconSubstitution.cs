namespace Phantom.Streams.Configuration.Hocon;

/// <summary><c>${path}</c> or <c>${?path}</c>, replaced when the whole document is resolved.</summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(string[] path, bool optional, HoconOrigin origin)
        : base(origin)
    {
        Path = path;
        Optional = optional;
    }

    public string[] Path { get; }

    public bool Optional { get; }

    /// <summary>
    /// Set for a self-referential substitution with no earlier value: looking in the tree would only find the
    /// field being defined (a cycle), so only the environment is consulted.
    /// </summary>
    public bool EnvironmentOnly { get; init; }

    public override string TypeName => "substitution";

    internal override HoconValue DeepClone() => this;

    public override string ToString() => "${" + (Optional ? "?" : string.Empty) + HoconPath.Render(Path) + "}";
}
