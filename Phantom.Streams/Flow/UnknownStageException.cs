namespace Phantom.Streams.Flow;

/// <summary>A graph named a stage nobody registered; the message lists the names that are registered.</summary>
public sealed class UnknownStageException(string name, IReadOnlyList<string> knownNames)
    : ArgumentException($"unknown stage '{name}'; registered stages: {(knownNames.Count == 0 ? "(none)" : string.Join(", ", knownNames))}")
{
    public string StageName { get; } = name;

    public IReadOnlyList<string> KnownNames { get; } = knownNames;
}
