namespace Phantom.Training.Learning;

/// <summary>A trainable tensor (flattened) with its gradient buffer; layers accumulate into <see cref="Gradient"/>.</summary>
public sealed class Parameter
{
    public Parameter(string name, int rows, int columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Rows = rows;
        Columns = columns;
        Value = new float[checked(rows * columns)];
        Gradient = new float[Value.Length];
    }

    public string Name { get; }

    public int Rows { get; }

    public int Columns { get; }

    public float[] Value { get; }

    public float[] Gradient { get; }

    public int Length => Value.Length;

    /// <summary>The value viewed as a matrix (shares the buffer).</summary>
    public Matrix ValueMatrix() => new(Rows, Columns, Value);

    /// <summary>The gradient viewed as a matrix (shares the buffer).</summary>
    public Matrix GradientMatrix() => new(Rows, Columns, Gradient);

    public void ZeroGradient() => Array.Clear(Gradient);
}
