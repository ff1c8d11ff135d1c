namespace Phantom.Training.Learning;

/// <summary>A chain of layers; forward runs them in order, backward in reverse.</summary>
public sealed class Sequential : ILayer
{
    private readonly ILayer[] _layers;
    private readonly Parameter[] _parameters;

    public Sequential(params ILayer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        _layers = layers;
        _parameters = layers.SelectMany(l => l.Parameters).ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in _parameters)
        {
            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"Two parameters are named '{p.Name}'; names key saved weights.", nameof(layers));
            }
        }
    }

    public IReadOnlyList<ILayer> Layers => _layers;

    public IReadOnlyList<Parameter> Parameters => _parameters;

    public int OutputSize(int inputSize)
    {
        var size = inputSize;
        foreach (var layer in _layers)
        {
            size = layer.OutputSize(size);
        }

        return size;
    }

    public Matrix Forward(Matrix input)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    public Matrix Backward(Matrix outputGradient)
    {
        var g = outputGradient;
        for (var i = _layers.Length - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g);
        }

        return g;
    }

    public void ZeroGradients()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGradient();
        }
    }
}
