using System.Buffers;
using System.Text.Json;
using Phantom.Streams.Pricing;

namespace Phantom.Streams.Redis;

/// <summary>
/// One chunk's price updates grouped by session, each product kept once with its latest price (the order the
/// updates came in decides, as separate HSETs would). Reused per thread by <see cref="RedisPriceStore"/>: after
/// warm-up, grouping allocates nothing.
/// </summary>
internal sealed class SessionFields
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _sessions = [];
    private readonly List<List<(string Product, double Price)>> _fields = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;

    public SessionFields() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    /// <summary>Sessions in this chunk, in order of first appearance.</summary>
    public int Count => _sessions.Count;

    public string SessionAt(int i) => _sessions[i];

    public List<(string Product, double Price)> FieldsAt(int i) => _fields[i];

    /// <summary>Records <paramref name="price"/> as the session's latest for <paramref name="product"/>.</summary>
    public void Set(string session, string product, double price)
    {
        if (!_index.TryGetValue(session, out var i))
        {
            i = _sessions.Count;
            _index.Add(session, i);
            _sessions.Add(session);
            if (_fields.Count <= i)
            {
                _fields.Add(new List<(string, double)>(4));
            }
        }

        var fields = _fields[i];
        for (var f = 0; f < fields.Count; f++)
        {
            // A session prices few products per chunk: a scan beats hashing the product id.
            if (ReferenceEquals(fields[f].Product, product) || string.Equals(fields[f].Product, product, StringComparison.Ordinal))
            {
                fields[f] = (product, price);
                return;
            }
        }

        fields.Add((product, price));
    }

    /// <summary>
    /// The <c>prices</c> channel message of <paramref name="update"/> (<see cref="PriceMessageJson"/>) as a new array,
    /// written through this thread's reused JSON writer: the array is the only allocation (the Redis client holds it
    /// until sent).
    /// </summary>
    public byte[] Message(in PriceUpdate update, string? productId, string modelVersion)
    {
        _buffer.ResetWrittenCount();
        _json.Reset();
        PriceMessageJson.Write(_json, update, productId, modelVersion);
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>Forgets the chunk (keeps the lists for the next one; drops the session-id references).</summary>
    public void Clear()
    {
        for (var i = 0; i < _sessions.Count; i++)
        {
            _fields[i].Clear();
        }

        _sessions.Clear();
        _index.Clear();
    }
}
