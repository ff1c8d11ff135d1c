namespace Phantom.Streams.Sessions;

/// <summary>
/// Where one shard's live sessions keep their <see cref="SessionState"/>: chunks of many states, handed out slot by
/// slot and reused once a session passivates.
/// <para>
/// Why: a live session outlives several garbage collections, and while its state was part of its entity object the
/// GC copied those ~600 bytes twice (gen0 to gen1 to gen2) for every new session — at a million new sessions a minute
/// the largest single cost of the session stage. Chunks past the first few are large-object-heap arrays, allocated
/// there directly and never moved, so a new session costs its small entity object and its id string alone.
/// </para>
/// Single writer (the shard's thread), like the table that owns it.
/// </summary>
internal sealed class SessionStateSlab
{
    // 64 states (about 33 KB) first, doubling to 1,024 (about half a megabyte): small tables stay small, large ones
    // live in a few large-object-heap chunks.
    private const int FirstChunk = 64;
    private const int LargestChunk = 1024;

    private readonly Stack<(SessionState[] Chunk, int Index)> _free = new();
    private SessionState[] _current = [];
    private int _used;

    /// <summary>Slots handed out and not yet returned.</summary>
    public int InUse { get; private set; }

    /// <summary>States allocated in all chunks (in use or free).</summary>
    public long Capacity { get; private set; }

    /// <summary>A zeroed state slot: the chunk and the index in it.</summary>
    public (SessionState[] Chunk, int Index) Rent()
    {
        InUse++;
        if (_free.TryPop(out var slot))
        {
            // Cleared now rather than when it was returned: the new session's first event finds these lines in cache.
            slot.Chunk[slot.Index] = default;
            return slot;
        }

        if (_used == _current.Length)
        {
            _current = NewChunk(Math.Clamp(_current.Length * 2, FirstChunk, LargestChunk));
            Capacity += _current.Length;
            _used = 0;
        }

        return (_current, _used++);
    }

    /// <summary>
    /// A chunk whose pages are already written once. A large chunk comes straight from the operating system untouched,
    /// and a session's first access to its state is a read (<see cref="SessionEntity.Apply"/> checks Completed): that
    /// maps the shared zero page, so the write right after it is a copy-on-write fault that must flush the old mapping
    /// from every core's TLB (an inter-processor interrupt; a VM exit under a hypervisor). That cost a tenth of the
    /// shard thread's time in <c>phantom bench stream</c>. Writing one state per page here faults each page in directly,
    /// with nothing to flush.
    /// </summary>
    private static SessionState[] NewChunk(int length)
    {
        var chunk = new SessionState[length];
        var statesPerPage = Math.Max(1, Environment.SystemPageSize / System.Runtime.CompilerServices.Unsafe.SizeOf<SessionState>());
        for (var i = 0; i < length; i += statesPerPage)
        {
            chunk[i] = default;
        }

        chunk[^1] = default;
        return chunk;
    }

    /// <summary>Makes a slot available to the next <see cref="Rent"/>, which clears it.</summary>
    public void Return(SessionState[] chunk, int index)
    {
        _free.Push((chunk, index));
        InUse--;
    }
}
