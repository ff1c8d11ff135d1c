using System.Runtime.CompilerServices;
using Phantom.Streams.Events;

namespace Phantom.Streams.Agents;

/// <summary>One byte per behaviour state, stored inline in its owner (no array header per session).</summary>
[InlineArray(EventNames.StateCount)]
internal struct StateSlots
{
    private byte _element;
}
