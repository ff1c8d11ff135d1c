using System.Runtime.CompilerServices;

namespace Phantom.Training.Learning;

/// <summary>
/// A dense row-major matrix of <see cref="float"/>: one row per sample, one column per feature or unit.
/// Float rather than double because every learner here is SIMD-bound (twice the lanes per vector) and float is what a
/// GPU backend behind <see cref="IMatrixOps"/> would use; losses and metrics accumulate in double where it matters.
/// </summary>
public sealed class Matrix
{
    public Matrix(int rows, int columns)
        : this(rows, columns, new float[checked(rows * columns)])
    {
    }

    public Matrix(int rows, int columns, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < rows * columns)
        {
            throw new ArgumentException($"Data holds {data.Length} values; {rows}x{columns} needs {rows * columns}.", nameof(data));
        }

        Rows = rows;
        Columns = columns;
        Data = data;
    }

    public int Rows { get; private set; }

    public int Columns { get; }

    /// <summary>Backing store; may be longer than <c>Rows * Columns</c> after <see cref="Reshape"/> to fewer rows.</summary>
    public float[] Data { get; private set; }

    /// <summary>The used part of <see cref="Data"/>.</summary>
    public Span<float> Values => Data.AsSpan(0, Rows * Columns);

    public ref float this[int row, int column]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Data[(row * Columns) + column];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>Builds a matrix from jagged rows (tests and small data).</summary>
    public static Matrix FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = rows.Count == 0 ? 0 : rows[0].Length;
        var m = new Matrix(rows.Count, columns);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != columns)
            {
                throw new ArgumentException($"Row {r} has {rows[r].Length} values, expected {columns}.", nameof(rows));
            }

            rows[r].CopyTo(m.Row(r));
        }

        return m;
    }

    /// <summary>
    /// Changes the row count in place, reusing the buffer when it is large enough, so layers can keep one output
    /// buffer across calls (a batch of 1 in a policy loop allocates nothing after the first step).
    /// </summary>
    public void Reshape(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var needed = rows * Columns;
        if (needed > Data.Length)
        {
            Data = new float[needed];
        }

        Rows = rows;
    }

    /// <summary>A matrix of the given shape, reusing <paramref name="existing"/> when its column count matches.</summary>
    public static Matrix Ensure(Matrix? existing, int rows, int columns)
    {
        if (existing is null || existing.Columns != columns)
        {
            return new Matrix(rows, columns);
        }

        existing.Reshape(rows);
        return existing;
    }

    public Matrix Clone()
    {
        var copy = new Matrix(Rows, Columns);
        Values.CopyTo(copy.Data);
        return copy;
    }

    /// <summary>Copies the given rows of this matrix, in order, into <paramref name="destination"/> (resized).</summary>
    public Matrix GatherRows(ReadOnlySpan<int> rowIndices, Matrix? destination = null)
    {
        var result = Ensure(destination, rowIndices.Length, Columns);
        for (var i = 0; i < rowIndices.Length; i++)
        {
            Row(rowIndices[i]).CopyTo(result.Row(i));
        }

        return result;
    }

    public void Clear() => Values.Clear();
}
