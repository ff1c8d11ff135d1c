namespace Phantom.Streams.Catalog;

/// <summary><c>phantom.catalog</c>: the demo catalog of CONTRACTS.md.</summary>
public sealed class CatalogOptions
{
    /// <summary>Dates each room type or flight is sold for (<c>date_index</c> 1..N).</summary>
    public int Dates { get; set; } = 14;

    /// <summary>Hotel room types and their base prices.</summary>
    public Dictionary<string, double> Hotel { get; set; } = new()
    {
        ["presidential"] = 450, ["executive"] = 280, ["junior"] = 180, ["deluxe"] = 140, ["superior"] = 110, ["standard"] = 85,
    };

    /// <summary>Flights and their base prices.</summary>
    public Dictionary<string, double> Airline { get; set; } = new()
    {
        ["fl01"] = 120, ["fl02"] = 180, ["fl03"] = 240, ["fl04"] = 320, ["fl05"] = 450,
        ["fl06"] = 600, ["fl07"] = 800, ["fl08"] = 1100, ["fl09"] = 1450, ["fl10"] = 1850,
    };

    /// <summary>Base price of a product first seen on the wire without <c>metadata.base_price</c>.</summary>
    public double UnknownProductBasePrice { get; set; } = 100;

    /// <summary>Most products the catalog accepts; products beyond it are priced as unknown (index -1).</summary>
    public int MaxProducts { get; set; } = 4096;
}
