using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;

namespace Phantom.Tests.DeadLetters;

public class RejectReasonsTests
{
    [Theory]
    [InlineData(RejectReason.None, "none")]
    [InlineData(RejectReason.MalformedJson, "malformed_json")]
    [InlineData(RejectReason.NotAnObject, "not_an_object")]
    [InlineData(RejectReason.MissingSessionId, "missing_session_id")]
    [InlineData(RejectReason.SessionIdTooLong, "session_id_too_long")]
    [InlineData(RejectReason.MissingEventName, "missing_event_name")]
    [InlineData(RejectReason.UnknownEventName, "unknown_event_name")]
    [InlineData(RejectReason.MissingPage, "missing_page")]
    [InlineData(RejectReason.MissingStoreMode, "missing_store_mode")]
    [InlineData(RejectReason.UnknownStoreMode, "unknown_store_mode")]
    [InlineData(RejectReason.BadTimestamp, "bad_timestamp")]
    [InlineData(RejectReason.WrongFieldType, "wrong_field_type")]
    [InlineData(RejectReason.Oversize, "oversize")]
    [InlineData(RejectReason.Empty, "empty")]
    [InlineData(RejectReason.ShieldFallback, "shield_fallback")]
    public void ToWire_Reason_IsSnakeCase(RejectReason reason, string expected)
    {
        Assert.Equal(expected, reason.ToWire());
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(reason.ToWireUtf8()));
    }

    [Fact]
    public void TryParseWire_EveryReason_RoundTrips()
    {
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            Assert.True(RejectReasons.TryParseWire(reason.ToWire(), out var parsed));
            Assert.Equal(reason, parsed);
        }

        Assert.False(RejectReasons.TryParseWire("UnknownEventName", out _));
    }

    [Fact]
    public void ToWire_UndeclaredValue_SpellsNumberWithoutThrowing()
    {
        Assert.Equal("200", ((RejectReason)200).ToWire());
    }

    [Fact]
    public void All_ListsEveryReasonButNone()
    {
        Assert.DoesNotContain(RejectReason.None, RejectReasons.All);
        Assert.Equal(Enum.GetValues<RejectReason>().Length - 1, RejectReasons.All.Count);
    }
}
