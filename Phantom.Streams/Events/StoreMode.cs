namespace Phantom.Streams.Events;

/// <summary>The storefront a session browses (CONTRACTS.md <c>storeMode</c>).</summary>
public enum StoreMode : byte
{
    Hotel = 0,
    Airline = 1,
}
