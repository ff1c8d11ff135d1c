using Phantom.Cluster.Http;

namespace Phantom.Tests.Http;

public sealed class PrometheusWriterTests
{
    [Fact]
    public void Counter_TwoSamplesOfOneFamily_DescribedOnce()
    {
        var text = new PrometheusWriter()
            .Counter("x_total", "Things.", 1, ("k", "a"))
            .Counter("x_total", "Things.", 2.5, ("k", "b"))
            .ToString();

        Assert.Equal("# HELP x_total Things.\n# TYPE x_total counter\nx_total{k=\"a\"} 1\nx_total{k=\"b\"} 2.5\n", text);
    }

    [Fact]
    public void Gauge_LabelWithQuoteBackslashNewline_Escaped()
    {
        var text = new PrometheusWriter().Gauge("g", "G.", double.NaN, ("l", "a\"b\\c\nd")).ToString();

        Assert.EndsWith("g{l=\"a\\\"b\\\\c\\nd\"} NaN\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantile_AppendsQuantileLabelAndSummaryType()
    {
        var text = new PrometheusWriter().Quantile("lat", "L.", 0.99, 1.5, ("stage", "parse")).ToString();

        Assert.Contains("# TYPE lat summary\n", text, StringComparison.Ordinal);
        Assert.Contains("lat{stage=\"parse\",quantile=\"0.99\"} 1.5\n", text, StringComparison.Ordinal);
    }
}
