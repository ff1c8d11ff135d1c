using System.Runtime.CompilerServices;

namespace Phantom.Streams.Flow.Taps;

/// <summary>Room for the first <see cref="Size"/> bytes of a sampled record, inline, so keeping a sample allocates nothing.</summary>
[InlineArray(Size)]
public struct SampledRecordBytes
{
    public const int Size = 512;

    private byte _first;
}
