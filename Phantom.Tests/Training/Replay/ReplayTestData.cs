using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;

namespace Phantom.Tests.Training.Replay;

/// <summary>Generated event files and configurations shared by the replay, kernel and detector tests.</summary>
internal static class ReplayTestData
{
    public static PhantomOptions Options(params (string Key, string Value)[] overrides) =>
        PhantomConfiguration.Load("embedded", overrides: overrides.Select(o => new KeyValuePair<string, string>(o.Key, o.Value)));

    /// <summary>Writes <paramref name="events"/> generated events as JSON lines.</summary>
    public static string WriteEvents(string directory, long events, PhantomOptions options, string name = "events.jsonl")
    {
        var path = Path.Combine(directory, name);
        TrafficGenerator.WriteFile(path, events, options, new ProductCatalog(options.Catalog));
        return path;
    }
}
