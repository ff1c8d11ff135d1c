using Phantom.Streams.Catalog;

namespace Phantom.Streams.Demand;

/// <summary>
/// Per-product demand q̂ with exponential time decay (half-life <see cref="DemandOptions.HalfLife"/>), PHANTOM-MODEL.md
/// section 1. Each shard writes its own <see cref="DemandSlice"/> (single writer, no locks); <see cref="Refresh"/>
/// aggregates the slices for readers, which see the result as of the last refresh. Sized by the catalog's capacity, so
/// nothing grows. Refresh runs on one thread at a time (the global price step); readers may be any thread (aligned
/// doubles do not tear on x64).
/// </summary>
public sealed class DemandBoard
{
    private readonly ProductCatalog _catalog;
    private readonly DemandSlice[] _slices;
    private readonly double[] _raw;
    private readonly double[] _normalized;
    private double _meanNormalized;
    private double _total;

    /// <exception cref="ArgumentException">A non-positive half-life or shard count.</exception>
    public DemandBoard(ProductCatalog catalog, int shards, DemandOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        if (shards < 1)
        {
            throw new ArgumentException("a demand board needs at least one shard", nameof(shards));
        }

        if (options.HalfLife <= TimeSpan.Zero)
        {
            throw new ArgumentException("phantom.demand.half-life must be positive", nameof(options));
        }

        _catalog = catalog;
        var decayPerMs = Math.Log(2) / options.HalfLife.TotalMilliseconds;
        _slices = new DemandSlice[shards];
        for (var s = 0; s < shards; s++)
        {
            _slices[s] = new DemandSlice(catalog.Capacity, decayPerMs);
        }

        _raw = new double[catalog.Capacity];
        _normalized = new double[catalog.Capacity];
    }

    public int Shards => _slices.Length;

    /// <summary>Event time of the last <see cref="Refresh"/>.</summary>
    public long RefreshedAtMs { get; private set; }

    /// <summary>Σ_j q̂_j as of the last refresh.</summary>
    public double Total => Volatile.Read(ref _total);

    /// <summary>The slice a shard writes (only from that shard's thread).</summary>
    public DemandSlice Slice(int shard) => _slices[shard];

    /// <summary>Aggregated, decayed q̂ of a product as of the last <see cref="Refresh"/>.</summary>
    public double Raw(int product) => _raw[product];

    /// <summary>q̃ = 100·q̂_i / Σ_j q̂_j as of the last <see cref="Refresh"/> (0 when all are 0).</summary>
    public double Normalized(int product) => _normalized[product];

    /// <summary>Mean of q̃ over products with any demand (0 when none has).</summary>
    public double MeanNormalized => Volatile.Read(ref _meanNormalized);

    /// <summary>Aggregates the shards' slices, decayed to <paramref name="nowMs"/>; called by the global price step.</summary>
    public void Refresh(long nowMs)
    {
        var products = _catalog.Count;
        var total = 0.0;
        var withDemand = 0;
        for (var i = 0; i < products; i++)
        {
            var sum = 0.0;
            foreach (var slice in _slices)
            {
                sum += slice.Value(i, nowMs);
            }

            _raw[i] = sum;
            total += sum;
            if (sum > 0)
            {
                withDemand++;
            }
        }

        var meanNormalized = 0.0;
        for (var i = 0; i < products; i++)
        {
            _normalized[i] = total > 0 ? 100.0 * _raw[i] / total : 0.0;
            meanNormalized += _normalized[i];
        }

        RefreshedAtMs = nowMs;
        Volatile.Write(ref _total, total);
        Volatile.Write(ref _meanNormalized, withDemand > 0 ? meanNormalized / withDemand : 0.0);
    }
}
