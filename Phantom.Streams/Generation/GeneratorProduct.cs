using System.Globalization;
using System.Text;
using Phantom.Streams.Catalog;

namespace Phantom.Streams.Generation;

/// <summary>A catalog product with the bytes the generator writes for it, encoded once.</summary>
internal sealed class GeneratorProduct
{
    public GeneratorProduct(Product product, string modeName, double valuationScalePrice)
    {
        CatalogIndex = product.Index;
        BasePrice = product.BasePrice;
        ScaledPrice = valuationScalePrice;
        Id = Encoding.UTF8.GetBytes(product.Id);
        Page = Encoding.UTF8.GetBytes($"/{modeName}/products/{product.Id}");
        DetailsPage = Encoding.UTF8.GetBytes($"/{modeName}/products/{product.Id}/details");
        var price = product.BasePrice.ToString("R", CultureInfo.InvariantCulture);
        // The storefront shows the base price; Phantom's own price is what the pipeline computes from these events.
        Metadata = Encoding.UTF8.GetBytes($"\"price\":{price},\"base_price\":{price},\"dateIndex\":{product.DateIndex}");
        ElementText = Encoding.UTF8.GetBytes($",\"elementText\":\"{JsonSafe(product.Name)}\"");
    }

    public int CatalogIndex { get; }

    public double BasePrice { get; }

    /// <summary>The price on the valuation scale (see <see cref="TrafficGenerator"/>).</summary>
    public double ScaledPrice { get; }

    public byte[] Id { get; }

    public byte[] Page { get; }

    public byte[] DetailsPage { get; }

    /// <summary>The members of <c>metadata</c> every product event carries, without braces.</summary>
    public byte[] Metadata { get; }

    /// <summary><c>,"elementText":"…"</c> for hovers.</summary>
    public byte[] ElementText { get; }

    private static string JsonSafe(string text) => text.Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal);
}
