using System.Text.Json;

namespace Phantom.Streams.Models;

/// <summary>
/// An artifact directory as the live path reads it: the few <c>model.json</c> fields it needs (name, kind, algorithm,
/// files, feature schema) and where the directory is. Training's <c>ModelManifest</c> writes the full manifest; this
/// view reads only what loading and hash checks need, so Streams stays independent of Training.
/// </summary>
public sealed record ModelArtifact
{
    public required string Directory { get; init; }

    public required string Name { get; init; }

    /// <summary>One of <see cref="ModelKinds"/>.</summary>
    public required string Kind { get; init; }

    public required string Algorithm { get; init; }

    /// <summary>Files relative to <see cref="Directory"/>, '/'-separated, <c>model.json</c> excluded.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    public required IReadOnlyList<string> FeatureSchema { get; init; }

    /// <summary>Reads and checks <c>model.json</c> of <paramref name="directory"/>.</summary>
    /// <exception cref="ModelLoadException">
    /// No or malformed manifest, a missing field, an unknown kind, a file path that is absolute, leaves the directory,
    /// names the manifest or does not exist.
    /// </exception>
    public static ModelArtifact Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = Path.Combine(directory, ArtifactFiles.Manifest);
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"no {ArtifactFiles.Manifest} in artifact directory '{directory}'");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ModelLoadException($"{path}: the manifest must be a JSON object");
            }

            var kind = RequiredString(root, "kind", path);
            if (!ModelKinds.IsKnown(kind))
            {
                throw new ModelLoadException($"{path}: kind '{kind}' is not one of {string.Join(", ", ModelKinds.All)}");
            }

            var files = Strings(root, "files", path).Select(ArtifactHash.Normalize).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var file in files)
            {
                CheckFile(directory, file, path);
            }

            return new ModelArtifact
            {
                Directory = directory,
                Name = RequiredString(root, "name", path),
                Kind = kind,
                Algorithm = root.TryGetProperty("algorithm", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "",
                Files = files,
                FeatureSchema = Strings(root, "feature_schema", path),
            };
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path}: not valid JSON: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ModelLoadException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>The content hash of this directory as it is now (<see cref="ArtifactHash"/>).</summary>
    public string ComputeHash() => ArtifactHash.Compute(Directory, Files);

    /// <summary>True when the artifact lists <paramref name="file"/>.</summary>
    public bool Has(string file) => Files.Contains(file, StringComparer.Ordinal);

    /// <summary>The full path of a listed file.</summary>
    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Checks that the directory's content still hashes to <paramref name="expectedHash"/>.</summary>
    /// <exception cref="ModelLoadException">It does not: the artifact was modified or damaged after registration.</exception>
    public void Verify(string expectedHash)
    {
        var actual = ComputeHash();
        if (!string.Equals(actual, expectedHash, StringComparison.Ordinal))
        {
            throw new ModelLoadException(
                $"artifact {Name}@{ArtifactHash.Short(expectedHash)} is corrupted: its content now hashes to {ArtifactHash.Short(actual)} ('{Directory}')");
        }
    }

    private static void CheckFile(string directory, string file, string manifest)
    {
        if (file.Length == 0 || Path.IsPathRooted(file) || file.Split('/').Any(part => part is ".." or "." or ""))
        {
            throw new ModelLoadException($"{manifest}: file '{file}' must be a plain relative path inside the artifact");
        }

        if (file == ArtifactFiles.Manifest)
        {
            throw new ModelLoadException($"{manifest}: 'files' must not list {ArtifactFiles.Manifest} itself");
        }

        if (!File.Exists(Path.Combine(directory, file)))
        {
            throw new ModelLoadException($"{manifest}: listed file '{file}' does not exist");
        }
    }

    private static string RequiredString(JsonElement root, string field, string path) =>
        root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new ModelLoadException($"{path}: field '{field}' is missing or not a non-empty string");

    private static string[] Strings(JsonElement root, string field, string path)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new ModelLoadException($"{path}: field '{field}' must be an array of strings");
        }

        return value.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
