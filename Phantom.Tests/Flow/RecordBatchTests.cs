using System.Text;
using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

public class RecordBatchTests
{
    [Fact]
    public void AppendView_BorrowedBuffer_RecordsAreViewsWithTheirKeysOffsetsAndStamps()
    {
        var buffer = Encoding.UTF8.GetBytes("aaabbbbcc");
        var batch = new RecordBatch(4, 64);

        batch.Borrow(buffer);
        batch.AppendView(11, 0, 3, 100, 7);
        batch.AppendView(22, 3, 4, 101, 8);

        Assert.True(batch.IsBorrowing);
        Assert.Equal(2, batch.Count);
        Assert.Equal("bbbb", Encoding.UTF8.GetString(batch.Record(1)));
        Assert.Equal(22UL, batch.Key(1));
        Assert.Equal(100, batch.SourceOffset(0));
        Assert.Equal(8, batch.EnqueueTimestamp(1));
        buffer[3] = (byte)'X';
        Assert.Equal("Xbbb", Encoding.UTF8.GetString(batch.Record(1))); // a view, not a copy
    }

    [Fact]
    public void Clear_AfterBorrowing_BatchCopiesIntoItsOwnBufferAgain()
    {
        var batch = new RecordBatch(4, 64);
        batch.Borrow(new byte[16]);
        batch.AppendView(1, 0, 4, 0, 0);

        batch.Clear();
        batch.Append(2, "own"u8, 5, 6);

        Assert.False(batch.IsBorrowing);
        Assert.Equal("own", Encoding.UTF8.GetString(batch.Record(0)));
    }

    [Fact]
    public void Append_WhileBorrowing_ThrowsNamingAppendView()
    {
        var batch = new RecordBatch(4, 64);
        batch.Borrow(new byte[16]);

        var error = Assert.Throws<InvalidOperationException>(() => batch.Append(1, "x"u8, 0, 0));

        Assert.Contains("AppendView", error.Message);
    }

    [Fact]
    public void AppendView_OutsideTheBorrowedBuffer_ThrowsAndAddsNothing()
    {
        var batch = new RecordBatch(4, 64);
        batch.Borrow(new byte[16]);

        Assert.Throws<ArgumentOutOfRangeException>(() => batch.AppendView(1, 10, 7, 0, 0));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void AppendView_WithoutBorrowing_ThrowsNamingBorrow()
    {
        var batch = new RecordBatch(4, 64);

        var error = Assert.Throws<InvalidOperationException>(() => batch.AppendView(1, 0, 1, 0, 0));

        Assert.Contains("Borrow", error.Message);
    }

    [Fact]
    public void Borrow_BatchNotEmpty_Throws()
    {
        var batch = new RecordBatch(4, 64);
        batch.Append(1, "x"u8, 0, 0);

        Assert.Throws<InvalidOperationException>(() => batch.Borrow(new byte[4]));
    }
}
