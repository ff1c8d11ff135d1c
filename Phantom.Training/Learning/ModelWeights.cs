using System.Text;

namespace Phantom.Training.Learning;

/// <summary>
/// Saves and loads parameter values in a small little-endian binary format: "PHW1", count, then per parameter its
/// name, rows, columns and floats. Loading matches by name and shape, so a wrong architecture fails loudly.
/// </summary>
public static class ModelWeights
{
    private static readonly byte[] Magic = "PHW1"u8.ToArray();

    public static void Save(Stream stream, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(parameters);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(parameters.Count);
        foreach (var p in parameters)
        {
            writer.Write(p.Name);
            writer.Write(p.Rows);
            writer.Write(p.Columns);
            foreach (var v in p.Value)
            {
                writer.Write(v);
            }
        }
    }

    public static void Load(Stream stream, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(parameters);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a Phantom weights file (bad magic).");
        }

        var count = reader.ReadInt32();
        if (count != parameters.Count)
        {
            throw new InvalidDataException($"File holds {count} parameters, the model has {parameters.Count}.");
        }

        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var rows = reader.ReadInt32();
            var columns = reader.ReadInt32();
            if (!byName.TryGetValue(name, out var p) || p.Rows != rows || p.Columns != columns)
            {
                throw new InvalidDataException($"Parameter '{name}' [{rows}x{columns}] does not match the model.");
            }

            for (var k = 0; k < p.Value.Length; k++)
            {
                p.Value[k] = reader.ReadSingle();
            }
        }
    }

    public static void Save(string path, IReadOnlyList<Parameter> parameters)
    {
        using var stream = File.Create(path);
        Save(stream, parameters);
    }

    public static void Load(string path, IReadOnlyList<Parameter> parameters)
    {
        using var stream = File.OpenRead(path);
        Load(stream, parameters);
    }

    /// <summary>Copies of every parameter's values (for early stopping's best-epoch restore).</summary>
    public static float[][] Snapshot(IReadOnlyList<Parameter> parameters) => parameters.Select(p => (float[])p.Value.Clone()).ToArray();

    public static void Restore(IReadOnlyList<Parameter> parameters, float[][] snapshot)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(snapshot);
        for (var i = 0; i < parameters.Count; i++)
        {
            snapshot[i].CopyTo(parameters[i].Value, 0);
        }
    }
}
