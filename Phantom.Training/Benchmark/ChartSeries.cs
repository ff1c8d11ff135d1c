namespace Phantom.Training.Benchmark;

/// <summary>One line of a chart: a legend name and its (x, y) points in x order.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
