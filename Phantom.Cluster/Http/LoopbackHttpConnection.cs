using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Phantom.Cluster.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection of <see cref="PricingLoadGenerator"/>: requests are pre-encoded bytes sent by
/// the generator's pacing thread, responses are parsed in place by the connection's own receive thread (status line,
/// then <c>Content-Length</c> or chunked body), and each completion is matched to its request in send order. Nothing
/// is allocated per request, so the generator's own garbage collections cannot show up as server latency. The receive
/// thread blocks in <c>recv</c>, so an answer wakes exactly one thread (an async receive would wake the socket
/// engine's thread, then a pool thread: two scheduling delays per answer on a busy machine, both counted as the
/// server's). A request sent while an earlier one is unanswered is pipelined, as HTTP/1.1 allows.
/// </summary>
internal sealed class LoopbackHttpConnection : IDisposable
{
    /// <summary>Called once per request: its index, scheduled time, send time (Stopwatch ticks) and whether it got a 200.</summary>
    public delegate void Completion(long index, long due, long sent, bool ok);

    private const int MaxPending = 4096;
    private readonly Socket _socket;
    private readonly Completion _completed;
    private readonly Lock _gate = new();
    private readonly long[] _index = new long[MaxPending];
    private readonly long[] _due = new long[MaxPending];
    private readonly long[] _sent = new long[MaxPending];
    private byte[] _buffer = new byte[16 * 1024];
    private int _head;
    private int _pending;
    private volatile bool _broken;

    private LoopbackHttpConnection(Socket socket, Completion completed)
    {
        _socket = socket;
        _completed = completed;
    }

    /// <summary>Requests sent and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _pending);

    /// <summary>The connection failed (closed, reset, or an answer it could not parse): it takes no more requests.</summary>
    public bool Broken => _broken;

    public static async Task<LoopbackHttpConnection> OpenAsync(EndPoint server, Completion completed, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new LoopbackHttpConnection(socket, completed);
        new Thread(connection.ReceiveLoop) { IsBackground = true, Name = "pricing-load-receiver" }.Start();
        return connection;
    }

    /// <summary>Sends one request (from the pacing thread). False when the connection is broken or has too many unanswered.</summary>
    public bool TrySend(byte[] request, long index, long due)
    {
        if (_broken)
        {
            return false;
        }

        lock (_gate)
        {
            if (_pending == MaxPending)
            {
                return false;
            }

            // Queued before the bytes leave, so the answer can never arrive before its entry.
            var slot = (_head + _pending) % MaxPending;
            _index[slot] = index;
            _due[slot] = due;
            _sent[slot] = Stopwatch.GetTimestamp();
            _pending++;
        }

        try
        {
            _socket.Send(request, SocketFlags.None);
            return true;
        }
        catch (SocketException)
        {
            Fail();
            return true; // queued: Fail completed it as an error
        }
        catch (ObjectDisposedException)
        {
            Fail();
            return true;
        }
    }

    public void Dispose()
    {
        _broken = true;
        _socket.Dispose();
    }

    private void ReceiveLoop()
    {
        var start = 0;
        var end = 0;
        try
        {
            while (true)
            {
                if (end == _buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(_buffer, start, _buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        Array.Resize(ref _buffer, _buffer.Length * 2); // one answer larger than the buffer: rare, once
                    }
                }

                var read = _socket.Receive(_buffer, end, _buffer.Length - end, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                end += read;
                while (TryParse(_buffer.AsSpan(start, end - start), out var consumed, out var status))
                {
                    start += consumed;
                    Complete(status == 200);
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or InvalidDataException)
        {
            // Closed by Dispose, reset by the server, or an answer we cannot read: whatever is pending failed.
        }

        Fail();
    }

    private void Complete(bool ok)
    {
        long index, due, sent;
        lock (_gate)
        {
            if (_pending == 0)
            {
                throw new InvalidDataException("an answer arrived for no request");
            }

            index = _index[_head];
            due = _due[_head];
            sent = _sent[_head];
            _head = (_head + 1) % MaxPending;
            _pending--;
        }

        _completed(index, due, sent, ok);
    }

    private void Fail()
    {
        _broken = true;
        while (true)
        {
            long index, due, sent;
            lock (_gate)
            {
                if (_pending == 0)
                {
                    return;
                }

                index = _index[_head];
                due = _due[_head];
                sent = _sent[_head];
                _head = (_head + 1) % MaxPending;
                _pending--;
            }

            _completed(index, due, sent, false);
        }
    }

    /// <summary>One whole response at the start of <paramref name="data"/>: its length and status code; false if incomplete.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> data, out int consumed, out int status)
    {
        consumed = 0;
        status = 0;
        var headerEnd = data.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            return false;
        }

        // "HTTP/1.1 200 OK"
        if (headerEnd < 12 || !data.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(data.Slice(9, 3), out status, out _))
        {
            throw new InvalidDataException("not an HTTP/1.x status line");
        }

        var bodyStart = headerEnd + 4;
        long contentLength = -1;
        var chunked = false;
        var headers = data[..headerEnd];
        var lineStart = headers.IndexOf("\r\n"u8) + 2;
        while (lineStart > 1 && lineStart < headers.Length)
        {
            var rest = headers[lineStart..];
            var lineLength = rest.IndexOf("\r\n"u8);
            var line = lineLength < 0 ? rest : rest[..lineLength];
            var colon = line.IndexOf((byte)':');
            if (colon > 0)
            {
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim((byte)' ');
                if (System.Text.Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    if (!Utf8Parser.TryParse(value, out contentLength, out _))
                    {
                        throw new InvalidDataException("a bad Content-Length");
                    }
                }
                else if (System.Text.Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8) && value.IndexOf("chunked"u8) >= 0)
                {
                    chunked = true;
                }
            }

            if (lineLength < 0)
            {
                break;
            }

            lineStart += lineLength + 2;
        }

        if (status is 204 or 304 || (status >= 100 && status < 200))
        {
            consumed = bodyStart;
            return true;
        }

        if (contentLength >= 0)
        {
            if (data.Length - bodyStart < contentLength)
            {
                return false;
            }

            consumed = bodyStart + (int)contentLength;
            return true;
        }

        if (!chunked)
        {
            throw new InvalidDataException("an answer with neither Content-Length nor chunked encoding");
        }

        // Chunks: hex size, CRLF, data, CRLF; the last has size 0 and is followed by an empty line (no trailers expected).
        var position = bodyStart;
        while (true)
        {
            var sizeEnd = data[position..].IndexOf("\r\n"u8);
            if (sizeEnd < 0)
            {
                return false;
            }

            var sizeText = data.Slice(position, sizeEnd);
            var extension = sizeText.IndexOf((byte)';');
            if (extension >= 0)
            {
                sizeText = sizeText[..extension];
            }

            if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'x'))
            {
                throw new InvalidDataException("a bad chunk size");
            }

            position += sizeEnd + 2;
            if (size == 0)
            {
                if (data.Length - position < 2)
                {
                    return false;
                }

                consumed = position + 2;
                return true;
            }

            if (data.Length - position < size + 2)
            {
                return false;
            }

            position += size + 2;
        }
    }
}
