using Phantom.Training.Data;

namespace Phantom.Tests.Training.Data;

public class OnlineShoppersDatasetTests
{
    [Fact]
    public void Load_SharedCsv_AllRowsThirtyFeaturesKnownPositiveCount()
    {
        var data = OnlineShoppersDataset.Load();
        Assert.Equal(12_330, data.Count);
        Assert.Equal(30, data.Features.Columns);
        Assert.Equal(30, data.FeatureNames.Count);
        // 1,908 sessions end in a purchase (Revenue = TRUE) in the published data.
        Assert.Equal(1_908, data.Labels.Count(l => l == 1));
    }

    [Fact]
    public void Load_FirstRow_EncodedAsInFile()
    {
        // First data row: 0,0,0,0,1,0,0.2,0.2,0,0,Feb,1,1,1,1,Returning_Visitor,FALSE,FALSE
        var data = OnlineShoppersDataset.Load();
        var row = data.Features.Row(0);
        var names = data.FeatureNames.ToList();
        Assert.Equal(1f, row[names.IndexOf("ProductRelated")]);
        Assert.Equal(0.2f, row[names.IndexOf("BounceRates")]);
        Assert.Equal(1f, row[names.IndexOf("Month_Feb")]);
        Assert.Equal(0f, row[names.IndexOf("Month_Jun")]);
        Assert.Equal(1f, row[names.IndexOf("VisitorType_Returning_Visitor")]);
        Assert.Equal(0f, row[names.IndexOf("Weekend")]);
        Assert.Equal(0f, data.Labels[0]);
        // Exactly one month and one visitor type are set on every row.
        for (var r = 0; r < data.Count; r++)
        {
            var months = 0f;
            for (var m = names.IndexOf("Month_Jan"); m <= names.IndexOf("Month_Dec"); m++)
            {
                months += data.Features[r, m];
            }

            Assert.Equal(1f, months);
        }
    }

    [Fact]
    public void FindSharedDatasets_FromTestDirectory_Found()
    {
        var root = DatasetLocator.FindSharedDatasets();
        Assert.NotNull(root);
        Assert.True(Directory.Exists(Path.Combine(root, "online_shoppers_intention")));
    }
}
