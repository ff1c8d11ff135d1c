using System.Globalization;
using System.Text;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Training.Replay;

/// <summary>
/// Writes replayed sessions as a CSV dataset: <c>session_id,label,</c> then every name of
/// <see cref="SessionFeatures.FeatureNames"/>. Labels are <c>human</c>, <c>agent</c> or <c>unknown</c>; numbers are the
/// shortest round-trip form, so reading the file back gives the replayed doubles bit for bit. Formats straight into a
/// UTF-8 buffer (no string per value), because a dataset is written at replay speed.
/// </summary>
public sealed class SessionDatasetWriter : IDisposable
{
    private const int FlushAt = 1 << 16;
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly double[] _vector = new double[SessionFeatures.Count];
    private byte[] _buffer = new byte[FlushAt * 2];
    private int _used;

    public SessionDatasetWriter(string path)
        : this(File.Create(path), ownsStream: true)
    {
    }

    public SessionDatasetWriter(Stream stream, bool ownsStream = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _ownsStream = ownsStream;
        Append(Encoding.UTF8.GetBytes(Header + "\n"));
    }

    /// <summary>The header row (without newline).</summary>
    public static string Header { get; } = "session_id,label," + string.Join(',', SessionFeatures.FeatureNames);

    public long Rows { get; private set; }

    public void Write(ReplayedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Write(session.SessionId, session.Label, session.Features);
    }

    public void Write(string sessionId, GroundTruth label, in SessionFeatures features)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        features.CopyTo(_vector);
        Ensure((sessionId.Length * 6) + 32 + (_vector.Length * 32));
        if (sessionId.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            Append(Encoding.UTF8.GetBytes("\"" + sessionId.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        }
        else
        {
            _used += Encoding.UTF8.GetBytes(sessionId, _buffer.AsSpan(_used));
        }

        _buffer[_used++] = (byte)',';
        Append(LabelText(label));
        foreach (var value in _vector)
        {
            _buffer[_used++] = (byte)',';
            value.TryFormat(_buffer.AsSpan(_used), out var written, default, CultureInfo.InvariantCulture);
            _used += written;
        }

        _buffer[_used++] = (byte)'\n';
        Rows++;
        if (_used >= FlushAt)
        {
            Flush();
        }
    }

    public void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
        _stream.Flush();
    }

    public void Dispose()
    {
        Flush();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    internal static ReadOnlySpan<byte> LabelText(GroundTruth label) => label switch
    {
        GroundTruth.Human => "human"u8,
        GroundTruth.Agent => "agent"u8,
        _ => "unknown"u8,
    };

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void Ensure(int more)
    {
        if (_used + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + more));
        }
    }
}
