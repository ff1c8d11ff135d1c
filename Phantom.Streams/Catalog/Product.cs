using Phantom.Streams.Events;

namespace Phantom.Streams.Catalog;

/// <summary>A priced item: a hotel room type on a date, or a flight on a date.</summary>
public sealed record Product(int Index, string Id, StoreMode Mode, string Name, int DateIndex, double BasePrice);
