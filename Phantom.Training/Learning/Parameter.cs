namespace Phantom.Training.Learning;

/// <summary>A trainable tensor (flattened) with its gradient buffer; layers accumulate into <see cref="Gradient"/>.</summary>
public sealed class Parameter
{
    private readonly Matrix _valueMatrix;
    private readonly Matrix _gradientMatrix;

    public Parameter(string name, int rows, int columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Rows = rows;
        Columns = columns;
        Value = new float[checked(rows * columns)];
        Gradient = new float[Value.Length];
        _valueMatrix = new Matrix(rows, columns, Value);
        _gradientMatrix = new Matrix(rows, columns, Gradient);
    }

    public string Name { get; }

    public int Rows { get; }

    public int Columns { get; }

    public float[] Value { get; }

    public float[] Gradient { get; }

    public int Length => Value.Length;

    /// <summary>The value viewed as a matrix (shares the buffer; one view per parameter, so forward passes allocate nothing).</summary>
    public Matrix ValueMatrix() => _valueMatrix;

    /// <summary>The gradient viewed as a matrix (shares the buffer).</summary>
    public Matrix GradientMatrix() => _gradientMatrix;

    public void ZeroGradient() => Array.Clear(Gradient);
}
