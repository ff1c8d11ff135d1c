using Phantom.Streams.Flow.Taps;

namespace Phantom.Cluster.Admin;

/// <summary>
/// The node's recent log lines in a fixed ring (<c>phantom.admin.log-capacity</c>): a full log overwrites its oldest
/// line, so memory stays bounded however long the node runs. Readers page with the sequence number
/// (<see cref="Read"/> after N), which is how <c>phantom ctl log tail</c> follows it. Written by ASP.NET's logging
/// (<see cref="NodeLogProvider"/>), the node's own status and warnings, and the <c>log-tap</c> stage — never per event,
/// so a plain lock is cheap enough.
/// </summary>
public sealed class NodeLog : ITapLog
{
    public const string Information = "information";
    public const string Warning = "warning";
    public const string Error = "error";

    private readonly NodeLogLine?[] _lines;
    private readonly Lock _gate = new();
    private long _last;

    public NodeLog(int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "phantom.admin.log-capacity must be at least 1");
        }

        _lines = new NodeLogLine?[capacity];
    }

    public int Capacity => _lines.Length;

    /// <summary>The sequence number of the newest line (0 when empty).</summary>
    public long Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>Raised after a line is stored (outside the lock); for echoing to a console, say.</summary>
    public event Action<NodeLogLine>? Written;

    public NodeLogLine Write(string level, string category, string message)
    {
        NodeLogLine line;
        lock (_gate)
        {
            line = new NodeLogLine(_last + 1, DateTime.UtcNow, level, category, message);
            _lines[(int)(line.Seq % _lines.Length)] = line;
            _last = line.Seq;
        }

        Written?.Invoke(line);
        return line;
    }

    public void Info(string category, string message) => Write(Information, category, message);

    public void Warn(string category, string message) => Write(Warning, category, message);

    void ITapLog.Write(string category, string message) => Write(Information, category, message);

    /// <summary>
    /// Lines with a sequence number above <paramref name="after"/>, oldest first, at most <paramref name="limit"/>;
    /// <c>after</c> below what the ring still holds starts at its oldest line. Returns the log's newest number too.
    /// A negative <paramref name="after"/> means "the newest <paramref name="limit"/> lines" (what <c>log peek</c> shows).
    /// </summary>
    public (IReadOnlyList<NodeLogLine> Lines, long Last) Read(long after, int limit)
    {
        limit = Math.Clamp(limit, 0, _lines.Length);
        lock (_gate)
        {
            var oldest = Math.Max(1, _last - _lines.Length + 1);
            var from = after < 0 ? Math.Max(oldest, _last - limit + 1) : Math.Max(oldest, after + 1);
            var result = new List<NodeLogLine>((int)Math.Clamp(_last - from + 1, 0, limit));
            for (var seq = from; seq <= _last && result.Count < limit; seq++)
            {
                if (_lines[(int)(seq % _lines.Length)] is { } line && line.Seq == seq)
                {
                    result.Add(line);
                }
            }

            return (result, _last);
        }
    }
}
