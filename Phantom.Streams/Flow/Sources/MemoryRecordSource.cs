using System.Text;

namespace Phantom.Streams.Flow.Sources;

/// <summary>
/// Replays records held in memory (one contiguous buffer, no object per record), for tests and benchmarks.
/// <see cref="Repeat"/> plays the set that many times; source offsets keep counting across repeats.
/// </summary>
public sealed class MemoryRecordSource : IFlowSource
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private readonly ulong[] _keys;
    private long _written;

    /// <summary>Records with explicit routing keys.</summary>
    public MemoryRecordSource(IEnumerable<(ulong Key, byte[] Payload)> records, int repeat = 1, string name = "memory")
    {
        var list = records.ToList();
        _bytes = new byte[list.Sum(r => r.Payload.Length)];
        _offsets = new int[list.Count];
        _lengths = new int[list.Count];
        _keys = new ulong[list.Count];
        var at = 0;
        for (var i = 0; i < list.Count; i++)
        {
            list[i].Payload.CopyTo(_bytes, at);
            _offsets[i] = at;
            _lengths[i] = list[i].Payload.Length;
            _keys[i] = list[i].Key;
            at += list[i].Payload.Length;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        Repeat = repeat;
        Name = name;
    }

    public string Name { get; }

    public int Repeat { get; }

    /// <summary>Records in one pass.</summary>
    public int Count => _keys.Length;

    /// <summary>Records written so far.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>JSON lines, each routed by its top-level <c>sessionId</c> (as <see cref="JsonLinesFileSource"/> does).</summary>
    public static MemoryRecordSource FromJsonLines(IEnumerable<string> lines, int repeat = 1) =>
        new(lines.Select(l =>
        {
            var bytes = Encoding.UTF8.GetBytes(l);
            return (SessionIdScanner.KeyOf(bytes), bytes);
        }), repeat);

    public async Task RunAsync(PipelineWriter writer, CancellationToken cancellationToken)
    {
        writer.RecordsPerClockRead = 8; // records come from memory back to back: no idle gap to misattribute
        long offset = 0;
        for (var pass = 0; pass < Repeat; pass++)
        {
            for (var i = 0; i < _keys.Length; i++, offset++)
            {
                if ((i & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                while (!writer.TryWrite(_keys[i], new ReadOnlySpan<byte>(_bytes, _offsets[i], _lengths[i]), offset))
                {
                    await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
                }

                _written++;
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
