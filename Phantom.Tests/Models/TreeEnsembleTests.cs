using Phantom.Streams.Models;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Models;

public class TreeEnsembleTests
{
    [Fact]
    public void Read_SavedGradientBoostedTrees_PredictsBitForBitTheSame()
    {
        var trained = TestArtifacts.FitTrees(seed: 3);
        var (x, _) = TestArtifacts.SyntheticSessions(500, seed: 4);
        using var stream = new MemoryStream();
        trained.Save(stream);
        stream.Position = 0;

        var served = TreeEnsemble.Read(stream);

        Assert.Equal(trained.Trees.Count, served.TreeCount);
        Assert.Equal(trained.FeatureCount, served.FeatureCount);
        for (var r = 0; r < x.Rows; r++)
        {
            Assert.Equal(trained.PredictProbability(x.Row(r)), served.PredictProbability(x.Row(r)));
        }
    }

    [Fact]
    public void Read_NaNFeature_GoesLeftAsInTraining()
    {
        var trained = TestArtifacts.FitTrees(seed: 5);
        using var stream = new MemoryStream();
        trained.Save(stream);
        stream.Position = 0;
        var served = TreeEnsemble.Read(stream);
        var row = Enumerable.Repeat(float.NaN, SessionFeatures.Count).ToArray();

        Assert.Equal(trained.PredictRawScore(row), served.PredictRawScore(row));
    }

    [Fact]
    public void Read_TruncatedData_IsRejected()
    {
        using var full = new MemoryStream();
        TestArtifacts.FitTrees(seed: 1).Save(full);
        var cut = full.ToArray()[..(int)(full.Length / 2)];

        var error = Assert.Throws<InvalidDataException>(() => TreeEnsemble.Read(new MemoryStream(cut)));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Read_BadMagic_IsRejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => TreeEnsemble.Read(new MemoryStream("PHLR1xxxxxxxxxxxxxxx"u8.ToArray())));

        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void Read_ChildPointingBackwards_IsRejected()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write("PHGB1"u8);
            w.Write(1);
            w.Write(0.0);
            w.Write(0.0);
            w.Write(0);
            w.Write(1);
            w.Write(1);
            // One internal node whose children are itself: a cycle.
            w.Write(0);
            w.Write(0.5f);
            w.Write(0);
            w.Write(0);
            w.Write(0);
            w.Write(0.0);
        }

        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => TreeEnsemble.Read(stream));
    }
}
