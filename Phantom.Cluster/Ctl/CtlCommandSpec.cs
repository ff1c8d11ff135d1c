namespace Phantom.Cluster.Ctl;

/// <summary>
/// One <c>phantom ctl</c> command: its words (<c>stages attach</c>), its arguments, its help, and what it does. The
/// same table drives the command line, the interactive prompt's completion and <c>help</c>.
/// </summary>
/// <param name="Group">First word, e.g. <c>stages</c>.</param>
/// <param name="Verb">Second word, e.g. <c>attach</c>; null for a one-word command (<c>metrics</c>).</param>
/// <param name="Arguments">Argument synopsis, e.g. <c>&lt;name&gt; [after]</c>.</param>
/// <param name="MinArgs">Arguments required.</param>
/// <param name="MaxArgs">Arguments allowed.</param>
/// <param name="Help">One paragraph: what it shows or does, and the route it calls.</param>
/// <param name="Run">The action.</param>
public sealed record CtlCommandSpec(
    string Group,
    string? Verb,
    string Arguments,
    int MinArgs,
    int MaxArgs,
    string Help,
    Func<CtlContext, IReadOnlyList<string>, CancellationToken, Task> Run)
{
    /// <summary>The words that name it: <c>stages attach</c>.</summary>
    public string Name => Verb is null ? Group : $"{Group} {Verb}";

    /// <summary>Name and arguments: <c>stages attach &lt;name&gt; [after]</c>.</summary>
    public string Synopsis => string.IsNullOrEmpty(Arguments) ? Name : $"{Name} {Arguments}";
}
