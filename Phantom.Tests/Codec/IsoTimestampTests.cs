using System.Globalization;
using System.Text;
using Phantom.Streams.Codec;

namespace Phantom.Tests.Codec;

public class IsoTimestampTests
{
    [Theory]
    [InlineData("2025-11-25T20:21:31.823Z")]
    [InlineData("2025-11-25T20:21:31Z")]
    [InlineData("2025-11-25T20:21:31.8Z")]
    [InlineData("2025-11-25T20:21:31.82Z")]
    [InlineData("2025-11-25T20:21:31.8239Z")]
    [InlineData("2025-11-25T20:21:31.8239999Z")]
    [InlineData("2025-11-25T20:21:31.823+00:00")]
    [InlineData("2025-11-25T20:21:31.823+05:30")]
    [InlineData("2025-11-25T20:21:31.823-08:00")]
    [InlineData("2025-01-01T00:30:00+01:00")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59.999Z")]
    [InlineData("2024-02-29T12:00:00Z")]
    [InlineData("2000-02-29T12:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    public void TryParseUnixMs_ValidText_MatchesDateTimeOffset(string text)
    {
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        // DateTimeOffset keeps ticks; the codec truncates to milliseconds.
        var expectedMs = expected.UtcTicks / TimeSpan.TicksPerMillisecond - DateTimeOffset.UnixEpoch.UtcTicks / TimeSpan.TicksPerMillisecond;

        Assert.True(IsoTimestamp.TryParseUnixMs(Encoding.UTF8.GetBytes(text), out var ms));
        Assert.Equal(expectedMs, ms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-11-25")]
    [InlineData("2025-11-25T20:21:31")]
    [InlineData("2025-11-25T20:21:31.823")]
    [InlineData("2025-11-25 20:21:31.823Z")]
    [InlineData("2025-11-25t20:21:31.823Z")]
    [InlineData("2025-11-25T20:21:31.823z")]
    [InlineData("2025-11-25T20:21:31.Z")]
    [InlineData("2025-11-25T20:21:31.82399999Z")]
    [InlineData("2025-11-25T20:21:31.823ZZ")]
    [InlineData("2025-11-25T20:21:31.823Z ")]
    [InlineData(" 2025-11-25T20:21:31.823Z")]
    [InlineData("2025-13-25T20:21:31Z")]
    [InlineData("2025-00-25T20:21:31Z")]
    [InlineData("2025-11-31T20:21:31Z")]
    [InlineData("2025-02-29T20:21:31Z")]
    [InlineData("1900-02-29T20:21:31Z")]
    [InlineData("2025-11-00T20:21:31Z")]
    [InlineData("2025-11-25T24:00:00Z")]
    [InlineData("2025-11-25T20:60:00Z")]
    [InlineData("2025-11-25T20:21:60Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2025-11-25T20:21:31+0100")]
    [InlineData("2025-11-25T20:21:31+01")]
    [InlineData("2025-11-25T20:21:31+24:00")]
    [InlineData("2025-11-25T20:21:31+01:60")]
    [InlineData("+2025-11-25T20:21:31Z")]
    [InlineData("2025/11/25T20:21:31Z")]
    [InlineData("2O25-11-25T20:21:31Z")]
    [InlineData("1764102091823")]
    public void TryParseUnixMs_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(IsoTimestamp.TryParseUnixMs(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(1_764_102_091_823L)]
    [InlineData(951_782_400_000L)]
    [InlineData(-62_135_596_800_000L)]
    [InlineData(253_402_300_799_999L)]
    public void TryFormatUnixMs_Instant_MatchesDateTimeOffsetFormat(long ms)
    {
        var expected = DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var buffer = new byte[IsoTimestamp.FormattedLength];

        Assert.True(IsoTimestamp.TryFormatUnixMs(ms, buffer, out var written));
        Assert.Equal(IsoTimestamp.FormattedLength, written);
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer));
    }

    [Fact]
    public void TryFormatUnixMs_OutOfRangeOrShortBuffer_ReturnsFalse()
    {
        Assert.False(IsoTimestamp.TryFormatUnixMs(0, new byte[IsoTimestamp.FormattedLength - 1], out _));
        Assert.False(IsoTimestamp.TryFormatUnixMs(-62_135_596_800_001L, new byte[32], out _));
        Assert.False(IsoTimestamp.TryFormatUnixMs(253_402_300_800_000L, new byte[32], out _));
    }

    [Fact]
    public void FormatThenParse_ManyInstants_RoundTrips()
    {
        var random = new Phantom.Streams.Randomness.SeededRandom(42);
        var buffer = new byte[IsoTimestamp.FormattedLength];
        for (var i = 0; i < 10_000; i++)
        {
            var ms = (long)(random.NextDouble() * 4e12) - 1_000_000_000_000L;

            Assert.True(IsoTimestamp.TryFormatUnixMs(ms, buffer, out _));
            Assert.True(IsoTimestamp.TryParseUnixMs(buffer, out var parsed));
            Assert.Equal(ms, parsed);
        }
    }
}
