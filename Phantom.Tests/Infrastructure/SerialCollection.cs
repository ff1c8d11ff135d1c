namespace Phantom.Tests.Infrastructure;

/// <summary>
/// Tests that measure the whole process (managed heap size, allocation) run alone: other test classes running beside
/// them would count toward their numbers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial (process-wide measurements)";
}
