using System.Globalization;
using System.Text;

namespace Phantom.Cluster.Http;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): a <c># HELP</c> and <c># TYPE</c> line once per
/// metric family, then its samples. Scrapes are rare, so a StringBuilder is fine here.
/// </summary>
public sealed class PrometheusWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new(8192);
    private readonly HashSet<string> _described = new(StringComparer.Ordinal);

    public PrometheusWriter Counter(string name, string help, double value, params (string Name, string Value)[] labels) =>
        Sample(name, "counter", help, value, labels);

    public PrometheusWriter Gauge(string name, string help, double value, params (string Name, string Value)[] labels) =>
        Sample(name, "gauge", help, value, labels);

    /// <summary>One quantile sample of a summary family (labels get <c>quantile</c> appended).</summary>
    public PrometheusWriter Quantile(string name, string help, double quantile, double value, params (string Name, string Value)[] labels) =>
        Sample(name, "summary", help, value, [.. labels, ("quantile", quantile.ToString(CultureInfo.InvariantCulture))]);

    /// <summary>
    /// A histogram family: <c>name_bucket{le=...}</c> per cumulative bucket (the last one's bound should be +Inf), then
    /// <c>name_sum</c> and <c>name_count</c>.
    /// </summary>
    public PrometheusWriter Histogram(string name, string help, IReadOnlyList<(double UpperBound, long Cumulative)> buckets, double sum, long count, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        if (_described.Add(name))
        {
            _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            _text.Append("# TYPE ").Append(name).Append(" histogram\n");
        }

        foreach (var (bound, cumulative) in buckets)
        {
            Line(name + "_bucket", cumulative, [.. labels, ("le", Format(bound))]);
        }

        Line(name + "_sum", sum, labels);
        Line(name + "_count", count, labels);
        return this;
    }

    public override string ToString() => _text.ToString();

    private PrometheusWriter Sample(string name, string type, string help, double value, (string Name, string Value)[] labels)
    {
        if (_described.Add(name))
        {
            _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }

        return Line(name, value, labels);
    }

    private PrometheusWriter Line(string name, double value, (string Name, string Value)[] labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                }

                _text.Append(labels[i].Name).Append("=\"");
                foreach (var c in labels[i].Value)
                {
                    _ = c switch
                    {
                        '\\' => _text.Append("\\\\"),
                        '"' => _text.Append("\\\""),
                        '\n' => _text.Append("\\n"),
                        _ => _text.Append(c),
                    };
                }

                _text.Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
