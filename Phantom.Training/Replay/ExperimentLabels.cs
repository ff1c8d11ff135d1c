using System.Text;
using Phantom.Streams.Events;
using Phantom.Training.Data;

namespace Phantom.Training.Replay;

/// <summary>
/// Labels sessions by their <c>experimentId</c>: an experiments file maps each experiment to <c>human</c> or
/// <c>agent</c> (CONTRACTS.md: an experiment run with <c>xp_human_only=false</c> is an agent experiment). Lookups are by
/// the id's <see cref="Utf8Hash"/>, so labelling an event costs one hash and no allocation.
/// </summary>
public sealed class ExperimentLabels
{
    private readonly Dictionary<ulong, GroundTruth> _byHash = [];

    public ExperimentLabels(IEnumerable<KeyValuePair<string, GroundTruth>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (experiment, truth) in labels)
        {
            if (truth == GroundTruth.Unknown)
            {
                throw new ArgumentException($"experiment '{experiment}' has no label; use human or agent");
            }

            _byHash[Utf8Hash.Of(experiment)] = truth;
        }
    }

    /// <summary>Experiments labelled.</summary>
    public int Count => _byHash.Count;

    /// <summary>
    /// Reads a CSV file of <c>experiment_id,label</c> rows (a header row naming those columns is optional; blank lines
    /// are skipped). Labels: <c>human</c>, or <c>agent</c> (also <c>bot</c>), case-insensitive.
    /// </summary>
    /// <exception cref="InvalidDataException">A row without two fields, an unknown label, or an experiment labelled twice differently; the message names file and line.</exception>
    public static ExperimentLabels Load(string path)
    {
        var labels = new Dictionary<string, GroundTruth>(StringComparer.Ordinal);
        var line = 0;
        foreach (var record in CsvReader.ReadFile(path))
        {
            line++;
            if (record.Length == 1 && string.IsNullOrWhiteSpace(record[0]))
            {
                continue;
            }

            if (record.Length < 2)
            {
                throw new InvalidDataException($"{path} line {line}: expected 'experiment_id,label', got '{string.Join(',', record)}'");
            }

            var id = record[0].Trim();
            var text = record[1].Trim();
            if (line == 1 && id.Equals("experiment_id", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var truth = Parse(text) ?? throw new InvalidDataException($"{path} line {line}: label '{text}' is neither human nor agent");
            if (labels.TryGetValue(id, out var earlier) && earlier != truth)
            {
                throw new InvalidDataException($"{path} line {line}: experiment '{id}' is labelled both {earlier} and {truth}");
            }

            labels[id] = truth;
        }

        return new ExperimentLabels(labels);
    }

    /// <summary><c>human</c> → Human, <c>agent</c>/<c>bot</c> → Agent, anything else null.</summary>
    public static GroundTruth? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "human" => GroundTruth.Human,
        "agent" or "bot" => GroundTruth.Agent,
        _ => null,
    };

    /// <summary>The label of an experiment id's UTF-8 bytes; <see cref="GroundTruth.Unknown"/> when not listed.</summary>
    public GroundTruth Lookup(ReadOnlySpan<byte> experimentId) =>
        !experimentId.IsEmpty && _byHash.TryGetValue(Utf8Hash.Of(experimentId), out var truth) ? truth : GroundTruth.Unknown;

    public GroundTruth Lookup(string experimentId) => Lookup(Encoding.UTF8.GetBytes(experimentId));
}
