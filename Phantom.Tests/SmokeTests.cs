using Phantom.Streams.Events;

namespace Phantom.Tests;

public class SmokeTests
{
    [Fact]
    public void EventNames_RoundTripEveryWireName()
    {
        for (var i = 0; i < EventNames.WireCount; i++)
        {
            var name = (EventName)i;
            Assert.True(EventNames.TryParse(name.ToWireUtf8(), out var parsed));
            Assert.Equal(name, parsed);
        }

        Assert.False(EventNames.TryParse("session_end"u8, out _));
    }
}
