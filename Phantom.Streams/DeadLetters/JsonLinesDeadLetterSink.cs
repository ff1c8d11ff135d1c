using System.Text.Json;
using Phantom.Streams.Flow;

namespace Phantom.Streams.DeadLetters;

/// <summary>
/// Writes dead letters as JSON lines in the CONTRACTS.md record shape,
/// <c>{"reason":"unknown_event_name","offset":N,"partition":N,"payloadBase64":"..."}</c>, one per line.
/// </summary>
/// <remarks>
/// Writes are serialised by a lock and buffered; the lock is on the rejected-record path only, never on the path of a
/// good event. Buffered lines reach the file on <see cref="Flush"/>, when the buffer fills, and on
/// <see cref="Dispose"/>; the flow runtime should flush at shutdown (and may at batch ends).
/// </remarks>
public sealed class JsonLinesDeadLetterSink : IDeadLetterSink, IDisposable
{
    private const int BufferBytes = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Utf8JsonWriter _json;
    private long _written;
    private bool _disposed;

    /// <summary>Appends to (or creates) the file at <paramref name="path"/>.</summary>
    public JsonLinesDeadLetterSink(string path)
        : this(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, BufferBytes), leaveOpen: false)
    {
    }

    /// <summary>Writes to <paramref name="stream"/>, wrapped in a buffer.</summary>
    public JsonLinesDeadLetterSink(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream is FileStream or BufferedStream ? stream : new BufferedStream(stream, BufferBytes);
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Lines written so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    public void Write(int partition, long offset, RejectReason reason, ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _json.Reset();
            DeadLetterJson.Write(_json, partition, offset, reason, payload);
            _stream.WriteByte((byte)'\n');
            Interlocked.Increment(ref _written);
        }
    }

    /// <summary>Pushes buffered lines to the underlying stream (the operating system, for a file).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _stream.Flush();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _json.Dispose();
            _stream.Flush();
            // With leaveOpen a BufferedStream wrapper of ours is only flushed: disposing it would close the caller's stream.
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }
}
