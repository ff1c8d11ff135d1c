using Phantom.Training.Evaluation;

namespace Phantom.Tests.Training.Evaluation;

public class ClassificationMetricsTests
{
    [Fact]
    public void RocAuc_PerfectAndInvertedRanking_OneAndZero()
    {
        double[] s = [0.1, 0.2, 0.8, 0.9];
        Assert.Equal(1.0, ClassificationMetrics.RocAuc(s, [0, 0, 1, 1]));
        Assert.Equal(0.0, ClassificationMetrics.RocAuc(s, [1, 1, 0, 0]));
    }

    [Fact]
    public void RocAuc_AllScoresTied_IsOneHalf()
    {
        Assert.Equal(0.5, ClassificationMetrics.RocAuc([0.3, 0.3, 0.3, 0.3, 0.3], [1, 0, 0, 1, 0]));
    }

    [Fact]
    public void RocAuc_HandComputedCaseWithTies()
    {
        // Positives {0.8, 0.4, 0.4}, negatives {0.4, 0.2}. Pairs (6): 0.8 beats both (2); each 0.4 positive ties the
        // 0.4 negative (½ each) and beats 0.2 (1 each) → (2 + 1.5 + 1.5) / 6 = 5/6.
        double[] s = [0.4, 0.8, 0.2, 0.4, 0.4];
        float[] y = [1, 1, 0, 0, 1];
        Assert.Equal(5.0 / 6.0, ClassificationMetrics.RocAuc(s, y), 12);
    }

    [Fact]
    public void RocAuc_OneClassOnly_IsNaN()
    {
        Assert.True(double.IsNaN(ClassificationMetrics.RocAuc([0.1, 0.2], [1, 1])));
    }

    [Fact]
    public void AveragePrecision_HandComputedCase()
    {
        // Sorted: 0.9(+) 0.8(-) 0.7(+) 0.1(-). Thresholds: R=.5,P=1; R=.5,P=.5; R=1,P=2/3; R=1,P=.5.
        // AP = .5·1 + 0 + .5·(2/3) + 0 = 5/6.
        Assert.Equal(5.0 / 6.0, ClassificationMetrics.AveragePrecision([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0]), 12);
    }

    [Fact]
    public void AveragePrecision_TiedScores_EnterAsOneThreshold()
    {
        // 0.9(+), then {0.5(+), 0.5(-)} tied, then 0.1(-). Thresholds: R=.5,P=1; R=1,P=2/3 → AP = .5 + .5·2/3 = 5/6.
        // Either order of the tied pair must give the same answer.
        Assert.Equal(5.0 / 6.0, ClassificationMetrics.AveragePrecision([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]), 12);
        Assert.Equal(5.0 / 6.0, ClassificationMetrics.AveragePrecision([0.9, 0.5, 0.5, 0.1], [1, 0, 1, 0]), 12);
    }

    [Fact]
    public void LogLoss_HandComputed()
    {
        var expected = -(Math.Log(0.8) + Math.Log(0.6)) / 2;
        Assert.Equal(expected, ClassificationMetrics.LogLoss([0.8, 0.4], [1, 0]), 12);
        Assert.True(double.IsFinite(ClassificationMetrics.LogLoss([0.0, 1.0], [1, 0])));
    }

    [Fact]
    public void RocAuc_MatchesBruteForcePairCount_OnRandomData()
    {
        var random = new Phantom.Streams.Randomness.SeededRandom(3);
        var s = new double[300];
        var y = new float[300];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = Math.Round(random.NextDouble() * 20) / 20;
            y[i] = random.NextBool(0.3 + (0.4 * s[i])) ? 1 : 0;
        }

        double wins = 0, pairs = 0;
        for (var i = 0; i < s.Length; i++)
        {
            for (var j = 0; j < s.Length; j++)
            {
                if (y[i] == 1 && y[j] == 0)
                {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }

        Assert.Equal(wins / pairs, ClassificationMetrics.RocAuc(s, y), 12);
    }
}
