using Phantom.Training.Benchmark;

namespace Phantom.Tests.Training.Benchmark;

public class SvgLineChartTests
{
    [Fact]
    public void Render_TwoSeries_HasOneLinePerSeriesAndLegend()
    {
        var svg = SvgLineChart.Render("Revenue & COI", "α", "revenue", [
            new ChartSeries("static (baseline)", [(0.0, 10.0), (0.5, 20.0)]),
            new ChartSeries("qtable (robust)", [(0.0, 5.0), (0.5, 25.0)]),
        ]);
        Assert.StartsWith("<svg", svg);
        Assert.EndsWith("</svg>\n", svg);
        Assert.Equal(2, svg.Split("<polyline").Length - 1);
        Assert.Contains("static (baseline)", svg);
        Assert.Contains("Revenue &amp; COI", svg);
        System.Xml.Linq.XDocument.Parse(svg); // well-formed
    }
}
