using System.Text;

namespace Phantom.Streams.Models;

/// <summary>
/// Replaces a small file atomically: the text goes to a temporary file beside it, is flushed to disk, then renamed
/// over the target. A reader sees the old content or the new, never a torn write; a crash leaves at most a stray
/// <c>*.tmp-*</c> file that readers ignore.
/// </summary>
public static class AtomicFile
{
    /// <summary>Marker in the names of temporary files (readers skip names that contain it).</summary>
    public const string TemporaryMarker = ".tmp-";

    public static void WriteAllText(string path, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(text);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, Path.GetFileName(path) + TemporaryMarker + Guid.NewGuid().ToString("N"));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
