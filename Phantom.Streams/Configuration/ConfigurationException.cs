using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Streams.Configuration;

/// <summary>
/// A configuration that cannot be used: a HOCON syntax error, an unresolvable substitution, an unknown key, a value
/// of the wrong type or out of range. The message always names where (file:line) and, when known, the key path, so
/// an operator can fix the file without reading code.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message, HoconOrigin? origin = null, string? keyPath = null, Exception? inner = null)
        : base(message, inner)
    {
        Origin = origin;
        KeyPath = keyPath;
    }

    /// <summary>Where the offending text was written, when known.</summary>
    public HoconOrigin? Origin { get; }

    /// <summary>Full key path (e.g. <c>phantom.pipeline.batch-size</c>) the problem is about, when there is one.</summary>
    public string? KeyPath { get; }
}
