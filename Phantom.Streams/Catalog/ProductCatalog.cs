using System.Collections.Concurrent;
using System.Text;
using Phantom.Streams.Events;

namespace Phantom.Streams.Catalog;

/// <summary>
/// The products Phantom prices, indexed densely so per-product state lives in arrays. Lookups by id bytes are
/// lock-free; a product first seen on the wire is registered once (a rare path, so a lock there is fine).
/// </summary>
public sealed class ProductCatalog
{
    private readonly ConcurrentDictionary<ulong, int> _byHash = new();
    private readonly Product?[] _products;
    private readonly Lock _registerLock = new();
    private readonly double _unknownBasePrice;
    private int _count;

    public ProductCatalog(CatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _products = new Product?[options.MaxProducts];
        _unknownBasePrice = options.UnknownProductBasePrice;
        foreach (var (room, price) in options.Hotel)
        {
            AddDated(StoreMode.Hotel, "hotel", room, price, options.Dates);
        }

        foreach (var (flight, price) in options.Airline)
        {
            AddDated(StoreMode.Airline, "airline", flight, price, options.Dates);
        }
    }

    /// <summary>Products registered so far; indices are 0..Count-1.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Capacity: per-product arrays elsewhere are sized by this, so they never grow.</summary>
    public int Capacity => _products.Length;

    public Product this[int index] => _products[index] ?? throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerable<Product> All => _products.Take(Count).Select(p => p!);

    public bool TryGet(string id, out Product product) => TryGet(Encoding.UTF8.GetBytes(id), out product);

    public bool TryGet(ReadOnlySpan<byte> idUtf8, out Product product)
    {
        if (_byHash.TryGetValue(Utf8Hash.Of(idUtf8), out var index))
        {
            product = _products[index]!;
            return true;
        }

        product = null!;
        return false;
    }

    /// <summary>
    /// The index of the product with these id bytes, registering it (with <paramref name="basePrice"/>, or the
    /// configured default when NaN) if unseen; -1 when the catalog is full.
    /// </summary>
    public int GetOrRegister(ReadOnlySpan<byte> idUtf8, StoreMode mode, double basePrice)
    {
        var hash = Utf8Hash.Of(idUtf8);
        if (_byHash.TryGetValue(hash, out var index))
        {
            return index;
        }

        if (Count == _products.Length)
        {
            // Full: answer before materialising the id, so a flood of unknown ids costs no allocation.
            return -1;
        }

        var id = Encoding.UTF8.GetString(idUtf8);
        return Register(hash, id, mode, id, 0, double.IsFinite(basePrice) && basePrice > 0 ? basePrice : _unknownBasePrice);
    }

    private void AddDated(StoreMode mode, string prefix, string item, double price, int dates)
    {
        for (var d = 1; d <= dates; d++)
        {
            var id = $"{prefix}-{item}-{d:00}";
            Register(Utf8Hash.Of(id), id, mode, item, d, price);
        }
    }

    private int Register(ulong hash, string id, StoreMode mode, string name, int dateIndex, double basePrice)
    {
        lock (_registerLock)
        {
            if (_byHash.TryGetValue(hash, out var existing))
            {
                return existing;
            }

            if (_count == _products.Length)
            {
                return -1;
            }

            var index = _count;
            _products[index] = new Product(index, id, mode, name, dateIndex, basePrice);
            _byHash[hash] = index;
            Volatile.Write(ref _count, index + 1);
            return index;
        }
    }
}
