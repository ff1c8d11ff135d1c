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
}
