using System.Globalization;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;
using Phantom.Training.Data;
using Phantom.Training.Learning;

namespace Phantom.Training.Replay;

/// <summary>
/// Replayed sessions in memory: id, label and the feature vector (<see cref="SessionFeatures.FeatureNames"/> order, as
/// doubles). Built from a replay or read back from the CSV <see cref="SessionDatasetWriter"/> wrote.
/// </summary>
public sealed class SessionDataset
{
    private readonly List<string> _ids = [];
    private readonly List<GroundTruth> _labels = [];
    private readonly List<double> _values = [];

    public int Count => _ids.Count;

    public IReadOnlyList<string> SessionIds => _ids;

    public IReadOnlyList<GroundTruth> Labels => _labels;

    /// <summary>Feature <paramref name="feature"/> of row <paramref name="row"/>.</summary>
    public double this[int row, int feature] => _values[(row * SessionFeatures.Count) + feature];

    public void Add(ReplayedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Add(session.SessionId, session.Label, session.Features);
    }

    public void Add(string sessionId, GroundTruth label, in SessionFeatures features)
    {
        _ids.Add(sessionId);
        _labels.Add(label);
        Span<double> vector = stackalloc double[SessionFeatures.Count];
        features.CopyTo(vector);
        foreach (var v in vector)
        {
            _values.Add(v);
        }
    }

    /// <summary>Rows with a known label, as a learner's dataset: features as float, label 1 = agent.</summary>
    public LabeledDataset ToLabeled() => ToLabeled(i => _labels[i] != GroundTruth.Unknown);

    /// <summary>The rows <paramref name="include"/> accepts (all must be labelled) as a learner's dataset.</summary>
    public LabeledDataset ToLabeled(Func<int, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        var rows = Enumerable.Range(0, Count).Where(include).ToArray();
        var width = SessionFeatures.Count;
        var matrix = new Matrix(rows.Length, width);
        var labels = new float[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var source = rows[r];
            if (_labels[source] == GroundTruth.Unknown)
            {
                throw new InvalidOperationException($"session '{_ids[source]}' has no label");
            }

            labels[r] = _labels[source] == GroundTruth.Agent ? 1f : 0f;
            var row = matrix.Row(r);
            for (var c = 0; c < width; c++)
            {
                row[c] = (float)_values[(source * width) + c];
            }
        }

        return new LabeledDataset(matrix, labels, SessionFeatures.FeatureNames);
    }

    /// <summary>Reads a dataset CSV (the header must be <see cref="SessionDatasetWriter.Header"/>).</summary>
    /// <exception cref="InvalidDataException">Another header, a short row, a bad label or number; names file and line.</exception>
    public static SessionDataset Load(string path)
    {
        var dataset = new SessionDataset();
        var line = 0;
        var width = SessionFeatures.Count;
        foreach (var record in CsvReader.ReadFile(path))
        {
            line++;
            if (line == 1)
            {
                if (string.Join(',', record) != SessionDatasetWriter.Header)
                {
                    throw new InvalidDataException($"{path}: not a session dataset (the header must be '{SessionDatasetWriter.Header}')");
                }

                continue;
            }

            if (record.Length != width + 2)
            {
                throw new InvalidDataException($"{path} line {line}: {record.Length} fields, expected {width + 2}");
            }

            var label = record[1] switch
            {
                "human" => GroundTruth.Human,
                "agent" => GroundTruth.Agent,
                "unknown" or "" => GroundTruth.Unknown,
                var other => throw new InvalidDataException($"{path} line {line}: label '{other}' is not human, agent or unknown"),
            };
            dataset._ids.Add(record[0]);
            dataset._labels.Add(label);
            for (var c = 0; c < width; c++)
            {
                if (!double.TryParse(record[c + 2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new InvalidDataException($"{path} line {line}: {SessionFeatures.FeatureNames[c]} = '{record[c + 2]}' is not a number");
                }

                dataset._values.Add(value);
            }
        }

        return dataset;
    }
}
