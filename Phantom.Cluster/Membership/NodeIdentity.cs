using System.Globalization;
using System.Net;

namespace Phantom.Cluster.Membership;

/// <summary>A node's id and advertised address, from <c>phantom.cluster</c> or, when unset, its host and bound HTTP port.</summary>
public static class NodeIdentity
{
    /// <summary>
    /// <paramref name="configured"/>, or <c>host:port</c> of the advertised <paramref name="address"/>: the same text an
    /// operator gives <c>phantom ctl --node</c>, so the id and the way to reach the node never disagree.
    /// </summary>
    public static string Id(string configured, string address)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        return Uri.TryCreate(address, UriKind.Absolute, out var uri)
            ? uri.Authority
            : string.Create(CultureInfo.InvariantCulture, $"{Dns.GetHostName()}:0");
    }

    /// <summary>
    /// <paramref name="configured"/>, or the first bound URL with a wildcard host (0.0.0.0, [::], +, *) replaced by this
    /// machine's name, so that another node can connect to it.
    /// </summary>
    public static string Address(string configured, IReadOnlyList<string> boundUrls)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim().TrimEnd('/');
        }

        if (boundUrls.Count == 0 || !Uri.TryCreate(boundUrls[0].Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException("the node has no bound HTTP address to advertise; set phantom.cluster.advertise-address");
        }

        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? Dns.GetHostName() : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri.ToString().TrimEnd('/');
    }
}
