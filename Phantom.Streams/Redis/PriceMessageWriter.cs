using System.Buffers;
using System.Text.Json;
using Phantom.Streams.Pricing;

namespace Phantom.Streams.Redis;

/// <summary>
/// Writes <c>prices</c> channel messages (<see cref="PriceMessageJson"/>) through one reused JSON writer and buffer
/// (one per thread in <see cref="RedisPriceStore"/>): per message only the returned array is allocated, which the
/// Redis client holds until sent, instead of a new writer and buffer per price as <see cref="PriceMessageJson.ToBytes"/> does.
/// </summary>
internal sealed class PriceMessageWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;

    public PriceMessageWriter() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    /// <summary>The message of <paramref name="update"/> as a new array, byte for byte what <see cref="PriceMessageJson.ToBytes"/> gives.</summary>
    public byte[] ToBytes(in PriceUpdate update, string? productId, string modelVersion)
    {
        _buffer.ResetWrittenCount();
        _json.Reset();
        PriceMessageJson.Write(_json, update, productId, modelVersion);
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
