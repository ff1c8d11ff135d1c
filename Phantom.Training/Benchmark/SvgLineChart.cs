using System.Globalization;
using System.Net;
using System.Text;

namespace Phantom.Training.Benchmark;

/// <summary>
/// A small hand-written SVG line chart (axes, ticks, gridlines, markers, legend): enough for the benchmark's
/// by-α plots without a plotting dependency, and byte-for-byte deterministic.
/// </summary>
public static class SvgLineChart
{
    private const double Width = 820;
    private const double Height = 460;
    private const double Left = 90;
    private const double Right = 220;
    private const double Top = 50;
    private const double Bottom = 60;
    private const int TargetTicks = 5;

    private static readonly string[] Palette =
    [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var (xMin, xMax) = Range(points.Select(p => p.X));
        var (yMin, yMax) = Range(points.Select(p => p.Y));
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Px(double x) => Left + ((x - xMin) / (xMax - xMin) * plotW);
        double Py(double y) => Top + plotH - ((y - yMin) / (yMax - yMin) * plotH);

        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(F($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(F($"<text x=\"{Width / 2}\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">{Escape(title)}</text>\n"));

        foreach (var xv in TickValues(xMin, xMax))
        {
            var x = Px(xv);
            svg.Append(F($"<line x1=\"{x:F1}\" y1=\"{Top}\" x2=\"{x:F1}\" y2=\"{Top + plotH}\" stroke=\"#e5e5e5\"/>\n"));
            svg.Append(F($"<text x=\"{x:F1}\" y=\"{Top + plotH + 18}\" text-anchor=\"middle\">{Tick(xv)}</text>\n"));
        }

        foreach (var yv in TickValues(yMin, yMax))
        {
            var y = Py(yv);
            svg.Append(F($"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Left + plotW}\" y2=\"{y:F1}\" stroke=\"#e5e5e5\"/>\n"));
            svg.Append(F($"<text x=\"{Left - 8}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{Tick(yv)}</text>\n"));
        }

        svg.Append(F($"<line x1=\"{Left}\" y1=\"{Top + plotH}\" x2=\"{Left + plotW}\" y2=\"{Top + plotH}\" stroke=\"black\"/>\n"));
        svg.Append(F($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotH}\" stroke=\"black\"/>\n"));
        svg.Append(F($"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 15}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n"));
        svg.Append(F($"<text x=\"20\" y=\"{Top + (plotH / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 20 {Top + (plotH / 2)})\">{Escape(yLabel)}</text>\n"));

        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var dash = s / Palette.Length % 2 == 1 ? " stroke-dasharray=\"6 3\"" : string.Empty;
            var path = string.Join(" ", series[s].Points.Select(p => F($"{Px(p.X):F1},{Py(p.Y):F1}")));
            svg.Append(F($"<polyline points=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>\n"));
            foreach (var p in series[s].Points)
            {
                svg.Append(F($"<circle cx=\"{Px(p.X):F1}\" cy=\"{Py(p.Y):F1}\" r=\"3\" fill=\"{color}\"/>\n"));
            }

            var ly = Top + 10 + (s * 20);
            var lx = Left + plotW + 20;
            svg.Append(F($"<line x1=\"{lx}\" y1=\"{ly}\" x2=\"{lx + 24}\" y2=\"{ly}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>\n"));
            svg.Append(F($"<text x=\"{lx + 30}\" y=\"{ly + 4}\">{Escape(series[s].Name)}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>The data range widened to whole multiples of a "nice" tick step (1, 2, 2.5 or 5 × 10^k).</summary>
    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).ToList();
        if (list.Count == 0)
        {
            return (0, 1);
        }

        double min = list.Min(), max = list.Max();
        if (max - min < 1e-12)
        {
            var pad = Math.Max(Math.Abs(max) * 0.05, 0.5);
            (min, max) = (min - pad, max + pad);
        }

        var step = NiceStep(max - min);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step);
    }

    private static double NiceStep(double range)
    {
        var raw = range / TargetTicks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (m * magnitude >= raw)
            {
                return m * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static IEnumerable<double> TickValues(double min, double max)
    {
        var step = NiceStep(max - min);
        var count = (int)Math.Round((max - min) / step);
        for (var i = 0; i <= count; i++)
        {
            yield return min + (i * step);
        }
    }

    private static string Tick(double v) => Math.Abs(v) >= 1000
        ? v.ToString("N0", CultureInfo.InvariantCulture)
        : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
