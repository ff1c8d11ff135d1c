using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Phantom.Streams.Events;
using Phantom.Training.Replay;

namespace Phantom.Training.Datasets;

/// <summary>
/// Adapter for the Iliou et al. web-bot detection data (phase 1, <c>shared/datasets/web_bot_detection_iliou</c>):
/// reads the gzip'd Apache logs, keeps the requests of annotated sessions, maps each to a CONTRACTS.md event
/// (<see cref="WebLogEventMapping"/>) and orders them by time, so the sessions can be replayed through the live
/// feature code like any other stored events. Each event's <c>experimentId</c> is <c>iliou-&lt;class&gt;</c>, which
/// <see cref="Labels"/> maps to human or agent. <c>storeMode</c> is required by the contract and meaningless here; it
/// is always <c>hotel</c>, and the events carry no prices.
/// </summary>
public sealed class IliouWebBotDataset
{
    public const string FolderName = "web_bot_detection_iliou";

    private IliouWebBotDataset(List<byte[]> events, Dictionary<string, IReadOnlyList<WebBotAnnotation>> annotations, long lines, long unparsed, long mapped, long leftOut)
    {
        Events = events;
        Annotations = annotations;
        LinesRead = lines;
        LinesUnparsed = unparsed;
        RequestsMapped = mapped;
        RequestsLeftOut = leftOut;
    }

    /// <summary>The two tasks, each with its own train/test annotation files.</summary>
    public static IReadOnlyList<string> Tasks { get; } = ["humans_and_moderate_bots", "humans_and_advanced_bots"];

    /// <summary>Every mapped event of an annotated session, as CONTRACTS.md JSON, in time order.</summary>
    public IReadOnlyList<byte[]> Events { get; }

    /// <summary>Annotations by task (all of them, including sessions absent from the logs).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<WebBotAnnotation>> Annotations { get; }

    public long LinesRead { get; }

    /// <summary>Lines not in the access-log format.</summary>
    public long LinesUnparsed { get; }

    /// <summary>Requests of annotated sessions that became events.</summary>
    public long RequestsMapped { get; }

    /// <summary>Requests of annotated sessions left out (assets, the timer beacon, probes).</summary>
    public long RequestsLeftOut { get; }

    /// <summary><c>iliou-human</c> → human; <c>iliou-moderate_bot</c>, <c>iliou-advanced_bot</c> → agent.</summary>
    public static ExperimentLabels Labels { get; } = new([
        new(ExperimentId("human"), GroundTruth.Human),
        new(ExperimentId("moderate_bot"), GroundTruth.Agent),
        new(ExperimentId("advanced_bot"), GroundTruth.Agent),
    ]);

    public static string ExperimentId(string sessionClass) => "iliou-" + sessionClass;

    /// <summary>The events as a replay source.</summary>
    public IReplaySource Source() => new MemoryReplaySource(Events, FolderName);

    /// <summary>Loads from the dataset folder (containing <c>annotations/</c> and <c>web_logs/</c>).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder or its parts are missing.</exception>
    public static IliouWebBotDataset Load(string folder)
    {
        var annotationsDir = Path.Combine(folder, "annotations");
        var logsDir = Path.Combine(folder, "web_logs");
        if (!Directory.Exists(annotationsDir) || !Directory.Exists(logsDir))
        {
            throw new DirectoryNotFoundException($"'{folder}' is not the web-bot dataset (it needs annotations/ and web_logs/)");
        }

        var annotations = new Dictionary<string, IReadOnlyList<WebBotAnnotation>>();
        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var task in Tasks)
        {
            var list = new List<WebBotAnnotation>();
            foreach (var (split, isTest) in new[] { ("train", false), ("test", true) })
            {
                var path = Path.Combine(annotationsDir, task, split);
                var line = 0;
                foreach (var text in File.ReadLines(path))
                {
                    line++;
                    var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length == 0)
                    {
                        continue;
                    }

                    if (parts.Length != 2 || parts[1] is not ("human" or "moderate_bot" or "advanced_bot"))
                    {
                        throw new InvalidDataException($"{path} line {line}: expected '<session_id> <human|moderate_bot|advanced_bot>'");
                    }

                    list.Add(new WebBotAnnotation(parts[0], parts[1], isTest));
                    classes[parts[0]] = parts[1];
                }
            }

            annotations[task] = list;
        }

        var timed = new List<(DateTimeOffset Time, long Order, byte[] Json)>();
        long lines = 0, unparsed = 0, mapped = 0, leftOut = 0;
        foreach (var file in Directory.EnumerateFiles(logsDir, "*.log*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var text in ReadLines(file))
            {
                lines++;
                if (!WebLogLine.TryParse(text, out var line))
                {
                    unparsed++;
                    continue;
                }

                if (line.SessionId is null || !classes.TryGetValue(line.SessionId, out var sessionClass))
                {
                    continue;
                }

                if (!WebLogEventMapping.TryMap(line, out var name, out var product))
                {
                    leftOut++;
                    continue;
                }

                mapped++;
                timed.Add((line.Time, lines, ToEvent(line, name, product, ExperimentId(sessionClass))));
            }
        }

        // Logs of different days and files interleave by time; within a second, file order is kept.
        timed.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
        return new IliouWebBotDataset([.. timed.Select(t => t.Json)], annotations, lines, unparsed, mapped, leftOut);
    }

    /// <summary>One CONTRACTS.md event for a mapped request.</summary>
    public static byte[] ToEvent(WebLogLine line, EventName name, string? product, string experimentId)
    {
        ArgumentNullException.ThrowIfNull(line);
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("sessionId", line.SessionId);
            json.WriteString("experimentId", experimentId);
            json.WriteString("eventName", name.ToWire());
            json.WriteString("page", line.Path);
            if (product is not null)
            {
                json.WriteString("productId", product);
            }

            json.WriteString("storeMode", "hotel");
            if (line.UserAgent.Length > 0)
            {
                json.WriteString("userAgent", line.UserAgent);
            }

            json.WriteString("ts", line.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static IEnumerable<string> ReadLines(string file)
    {
        using var stream = File.OpenRead(file);
        using Stream content = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(content);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
