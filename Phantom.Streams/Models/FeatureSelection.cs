using Phantom.Streams.Sessions;

namespace Phantom.Streams.Models;

/// <summary>
/// Maps a detector's feature schema onto the session feature vector: position k of the model's input is
/// <see cref="SessionFeatures"/> index <c>Indices[k]</c>. Resolved once at load; per score it is a gather into a
/// stack buffer, converted to float as the trainers' matrices hold it.
/// </summary>
public sealed class FeatureSelection
{
    private readonly int[] _indices;

    private FeatureSelection(int[] indices, IReadOnlyList<string> names)
    {
        _indices = indices;
        Names = names;
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => _indices.Length;

    /// <exception cref="ModelLoadException">The schema is empty or names something that is not a session feature.</exception>
    public static FeatureSelection Resolve(IReadOnlyList<string> schema, string where)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Count == 0)
        {
            throw new ModelLoadException($"{where}: the manifest's feature_schema is empty; a detector must name its inputs");
        }

        var indices = new int[schema.Count];
        for (var k = 0; k < schema.Count; k++)
        {
            indices[k] = SessionFeatures.IndexOf(schema[k]);
            if (indices[k] < 0)
            {
                throw new ModelLoadException($"{where}: feature_schema[{k}] = '{schema[k]}' is not a session feature (SessionFeatures.FeatureNames)");
            }
        }

        return new FeatureSelection(indices, schema.ToArray());
    }

    /// <summary>Writes the model's input row for <paramref name="features"/> into <paramref name="row"/> (length <see cref="Count"/>).</summary>
    public void Gather(in SessionFeatures features, Span<float> row)
    {
        Span<double> vector = stackalloc double[SessionFeatures.Count];
        features.CopyTo(vector);
        for (var k = 0; k < _indices.Length; k++)
        {
            row[k] = (float)vector[_indices[k]];
        }
    }
}
