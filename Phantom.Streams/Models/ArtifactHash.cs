using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Phantom.Streams.Models;

/// <summary>
/// The content hash that addresses an artifact: SHA-256 over <c>model.json</c> and then every listed file in ordinal
/// order of its relative path ('/'-separated), each entry framed as UTF-8 path, a zero byte, the length as a
/// little-endian 64-bit integer, then the bytes. The framing makes the hash independent of where the directory lives
/// and unambiguous (moving bytes from one file to the next changes it). Lower-case hex, 64 characters.
/// </summary>
public static class ArtifactHash
{
    /// <summary>Hex characters shown where a short form is enough (<c>name@abc123def456</c>).</summary>
    public const int ShortLength = 12;

    /// <summary>Hashes <c>model.json</c> and <paramref name="files"/> (relative paths) under <paramref name="directory"/>.</summary>
    /// <exception cref="ModelLoadException">A file is missing or unreadable.</exception>
    public static string Compute(string directory, IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(files);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        var buffer = new byte[81920];
        var ordered = files.Select(Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var relative in ordered.Prepend(ArtifactFiles.Manifest))
        {
            var path = Path.Combine(directory, relative);
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                hash.AppendData(Encoding.UTF8.GetBytes(relative));
                hash.AppendData([0]);
                BinaryPrimitives.WriteInt64LittleEndian(length, stream.Length);
                hash.AppendData(length);
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ModelLoadException($"artifact '{directory}': cannot read '{relative}': {e.Message}", e);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The short form of a hash.</summary>
    public static string Short(string hash) => hash.Length <= ShortLength ? hash : hash[..ShortLength];

    /// <summary>True for a non-empty string of lower-case hex digits.</summary>
    public static bool IsHex(string text) => text.Length > 0 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>A relative path with '/' separators (how paths are framed into the hash).</summary>
    public static string Normalize(string relative) => relative.Replace('\\', '/');
}
