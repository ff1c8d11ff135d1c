using System.Text.Json;
using Phantom.Streams.Flow;

namespace Phantom.Streams.DeadLetters;

/// <summary>
/// The one writer of a dead-letter record (CONTRACTS.md <c>user-interactions.dead-letters</c>):
/// <c>{"reason","offset","partition","payloadBase64"}</c>, whatever the sink (a JSON-lines file, a Kafka topic).
/// </summary>
public static class DeadLetterJson
{
    public static void Write(Utf8JsonWriter json, int partition, long offset, RejectReason reason, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("reason"u8, reason.ToWireUtf8());
        json.WriteNumber("offset"u8, offset);
        json.WriteNumber("partition"u8, partition);
        json.WriteBase64String("payloadBase64"u8, payload);
        json.WriteEndObject();
        json.Flush();
    }
}
