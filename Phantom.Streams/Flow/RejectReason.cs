namespace Phantom.Streams.Flow;

/// <summary>Why an input record was not applied. Every non-<see cref="None"/> reason is counted and dead-lettered.</summary>
public enum RejectReason : byte
{
    None = 0,
    MalformedJson,
    NotAnObject,
    MissingSessionId,
    SessionIdTooLong,
    MissingEventName,
    UnknownEventName,
    MissingPage,
    MissingStoreMode,
    UnknownStoreMode,
    BadTimestamp,
    WrongFieldType,
    Oversize,
    Empty,
    ShieldFallback,

    /// <summary>A stage threw while processing the record; the pipeline counted it and carried on.</summary>
    StageFailed,
}
