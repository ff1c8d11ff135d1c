using Phantom.Training.Evaluation;

namespace Phantom.Tests.Training.Evaluation;

public class CalibrationReportTests
{
    [Fact]
    public void Compute_HandComputedBins_ExpectedCalibrationError()
    {
        // Two bins: [0, .5) holds 0.1, 0.3 with labels 0, 1 → mean .2, observed .5, gap .3;
        //           [.5, 1] holds 0.6, 0.8, 1.0 with labels 1, 1, 1 → mean .8, observed 1, gap .2.
        // ECE = 2/5·.3 + 3/5·.2 = .24; MCE = .3.
        var report = CalibrationReport.Compute([0.1, 0.3, 0.6, 0.8, 1.0], [0, 1, 1, 1, 1], binCount: 2);
        Assert.Equal(0.24, report.ExpectedCalibrationError, 12);
        Assert.Equal(0.3, report.MaximumCalibrationError, 12);
        Assert.Equal(2, report.Bins[0].Count);
        Assert.Equal(0.8, report.Bins[1].MeanPredicted, 12);
        Assert.Equal(1.0, report.Bins[1].ObservedRate, 12);
    }

    [Fact]
    public void Compute_PerfectlyCalibratedBins_ZeroError()
    {
        var report = CalibrationReport.Compute([0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75], [1, 0, 0, 0, 1, 1, 1, 0], binCount: 4);
        Assert.Equal(0.0, report.ExpectedCalibrationError, 12);
        Assert.Equal(0, report.Bins[0].Count);
        Assert.True(double.IsNaN(report.Bins[0].ObservedRate));
    }
}
