using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Flow;

/// <summary>
/// What travels through a shard's stages for one record: its raw bytes, the parsed event, the session it belongs to
/// and the price decided for it. A ref struct on the worker's stack, so nothing about it is allocated.
/// </summary>
public ref struct EventContext
{
    /// <summary>The record's UTF-8 JSON bytes, valid only during this pass through the stages.</summary>
    public ReadOnlySpan<byte> Record;

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when the source handed the record in.</summary>
    public long EnqueuedTimestamp;

    /// <summary>Where the record came from (a Kafka offset, a file line); -1 for generated records.</summary>
    public long SourceOffset;

    /// <summary>The record's position in the batch handed to <see cref="IFlowStage.BeginBatch"/>.</summary>
    public int BatchIndex;

    /// <summary>Set by the <c>parse</c> stage.</summary>
    public InteractionEvent Event;

    /// <summary>Set by the <c>session</c> stage: the entity after the event was applied.</summary>
    public SessionEntity? Session;

    /// <summary>Set by the <c>policy</c> stage, checked by the <c>shield</c>: the price this event leads to.</summary>
    public PriceDecision Price;

    /// <summary>Non-<see cref="RejectReason.None"/>: stop here and dead-letter the record.</summary>
    public RejectReason Rejection;

    /// <summary>True once a stage consumed the event and later stages have nothing to do (e.g. an admin page).</summary>
    public bool Done;

    public readonly bool Stopped => Done || Rejection != RejectReason.None;
}
