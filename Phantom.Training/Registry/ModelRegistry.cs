using System.Text.RegularExpressions;
using Phantom.Streams.Agents;
using Phantom.Streams.Models;

namespace Phantom.Training.Registry;

/// <summary>
/// The model registry: immutable copies of artifact directories addressed by name and content hash
/// (<see cref="ArtifactHash"/>), and one promoted pointer per kind with its history (<see cref="PromotionPointer"/>),
/// laid out as <see cref="RegistryLayout"/> says. Every change is a copy into a temporary directory or file followed
/// by one rename, so a crash leaves either the old state or the new one, never a half-registered artifact or a
/// half-promoted pointer. Running pipelines read the same pointers (<see cref="ModelServing"/>).
/// </summary>
public sealed partial class ModelRegistry
{
    /// <summary>Earlier promotions kept per kind for rollback.</summary>
    public const int HistoryLimit = 50;

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    public ModelRegistry(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The registry directory.</summary>
    public string Root { get; }

    /// <summary>
    /// Copies an artifact directory (<c>model.json</c> and the files it lists) into the registry. Registering the
    /// same content again returns the existing entry.
    /// </summary>
    /// <exception cref="ModelRegistryException">
    /// No or invalid manifest, a listed file missing, a name that is not kebab-case, or the stored copy of the same
    /// hash is corrupted.
    /// </exception>
    public RegistryEntry Register(string artifactDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactDirectory);
        if (!Directory.Exists(artifactDirectory))
        {
            throw new ModelRegistryException($"no artifact directory '{artifactDirectory}'");
        }

        var manifest = LoadManifest(artifactDirectory);
        if (!NamePattern().IsMatch(manifest.Name))
        {
            throw new ModelRegistryException($"artifact name '{manifest.Name}' must be kebab-case (lower-case letters, digits, '-', '_' or '.' between them)");
        }

        var artifact = Wrap(() => ModelArtifact.Open(artifactDirectory));
        var hash = Wrap(artifact.ComputeHash);
        var target = RegistryLayout.Artifact(Root, manifest.Name, hash);
        if (Directory.Exists(target))
        {
            var existing = Entry(target);
            Verify(existing);
            return existing;
        }

        var parent = RegistryLayout.ArtifactsOf(Root, manifest.Name);
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, "." + hash[..8] + AtomicFile.TemporaryMarker + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(temporary);
            foreach (var file in artifact.Files.Prepend(ArtifactFiles.Manifest))
            {
                var destination = Path.Combine(temporary, file);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(Path.Combine(artifactDirectory, file), destination);
            }

            // Hash the copy, not the source: a file rewritten during the copy must not be stored under the old hash.
            var copied = Wrap(() => ArtifactHash.Compute(temporary, artifact.Files));
            if (copied != hash)
            {
                throw new ModelRegistryException($"'{artifactDirectory}' changed while it was being registered; try again");
            }

            Directory.Move(temporary, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another process registered the same content first: theirs is as good as ours.
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }

        return Entry(target);
    }

    /// <summary>Every stored artifact, by name then creation time (unreadable directories are skipped).</summary>
    public IReadOnlyList<RegistryEntry> List()
    {
        var root = RegistryLayout.Artifacts(Root);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var entries = new List<RegistryEntry>();
        foreach (var name in Directory.EnumerateDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            foreach (var hash in HashesOf(name!))
            {
                try
                {
                    entries.Add(Entry(RegistryLayout.Artifact(Root, name!, hash)));
                }
                catch (ModelRegistryException)
                {
                    // A damaged manifest shows up when the entry is addressed (show, promote); list stays usable.
                }
            }
        }

        return entries.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Manifest.Created).ThenBy(e => e.Hash, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every version of <paramref name="name"/>, oldest first.</summary>
    /// <exception cref="ModelRegistryException">No artifact has that name.</exception>
    public IReadOnlyList<RegistryEntry> Versions(string name)
    {
        var hashes = HashesOf(name);
        if (hashes.Count == 0)
        {
            var known = List().Select(e => e.Name).Distinct().ToArray();
            throw new ModelRegistryException(
                $"unknown model '{name}'; registered: {(known.Length == 0 ? "none" : string.Join(", ", known))}");
        }

        return hashes.Select(h => Entry(RegistryLayout.Artifact(Root, name, h))).OrderBy(e => e.Manifest.Created).ToArray();
    }

    /// <summary>
    /// The artifact a reference names: <c>name@prefix</c> (any unambiguous hash prefix), or a bare <c>name</c> when it
    /// has a single version.
    /// </summary>
    /// <exception cref="ModelRegistryException">Unknown name, no hash with that prefix, or an ambiguous reference.</exception>
    public RegistryEntry Show(string reference)
    {
        var parsed = ModelReference.Parse(reference);
        var versions = Versions(parsed.Name);
        if (parsed.HashPrefix is null)
        {
            return versions.Count == 1
                ? versions[0]
                : throw new ModelRegistryException(
                    $"'{parsed.Name}' has {versions.Count} versions ({string.Join(", ", versions.Select(v => v.Reference))}); name one as {parsed.Name}@HASH");
        }

        var matches = versions.Where(v => v.Hash.StartsWith(parsed.HashPrefix, StringComparison.Ordinal)).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new ModelRegistryException(
                $"no version of '{parsed.Name}' has a hash starting with '{parsed.HashPrefix}'; versions: {string.Join(", ", versions.Select(v => v.Reference))}"),
            _ => throw new ModelRegistryException(
                $"hash prefix '{parsed.HashPrefix}' is ambiguous for '{parsed.Name}': it matches {string.Join(", ", matches.Select(m => m.Hash[..Math.Min(m.Hash.Length, parsed.HashPrefix.Length + 4)]))}; give more digits"),
        };
    }

    /// <summary>Checks that a stored artifact still hashes to its address.</summary>
    /// <exception cref="ModelRegistryException">It does not (the files were changed or damaged), or a file is missing.</exception>
    public void Verify(RegistryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Wrap(() => ModelArtifact.Open(entry.Directory).Verify(entry.Hash));
    }

    /// <summary>True when <see cref="Verify"/> passes.</summary>
    public bool IsIntact(RegistryEntry entry)
    {
        try
        {
            Verify(entry);
            return true;
        }
        catch (ModelRegistryException)
        {
            return false;
        }
    }

    /// <summary>The promoted pointer of a kind (empty when never promoted).</summary>
    public PromotionPointer Promoted(ModelKind kind) => Wrap(() => PromotionPointer.Read(Root, kind.ToWire()));

    /// <summary>
    /// Makes an artifact the served model of its kind. The artifact must be intact, and for kinds the live path serves
    /// (kernels, detector) it must load exactly as a running node would load it. The previous promotion goes to the
    /// history. Promoting what is already current changes nothing.
    /// </summary>
    /// <exception cref="ModelRegistryException">Unknown or ambiguous reference, corrupted artifact, or one the live path would refuse.</exception>
    public PromotionRecord Promote(string reference)
    {
        var entry = Show(reference);
        Verify(entry);
        var kind = entry.Kind.ToWire();
        CheckLoadable(entry, kind);
        using var gate = RegistryLock.Acquire(Root, LockTimeout);
        var pointer = Promoted(entry.Kind);
        if (pointer.Current is { } current && current.Name == entry.Name && current.Hash == entry.Hash)
        {
            return current;
        }

        var record = new PromotionRecord { Name = entry.Name, Hash = entry.Hash, PromotedAt = DateTimeOffset.UtcNow };
        var history = pointer.History.ToList();
        if (pointer.Current is not null)
        {
            history.Add(pointer.Current);
        }

        Wrap(() => new PromotionPointer { Kind = kind, Current = record, History = history.TakeLast(HistoryLimit).ToArray() }.Write(Root));
        return record;
    }

    /// <summary>
    /// Returns a kind to its previous promotion (its last history entry), or to nothing promoted (the configured
    /// defaults) when there is no earlier one.
    /// </summary>
    /// <returns>The pointer after the rollback.</returns>
    /// <exception cref="ModelRegistryException">Nothing is promoted, or the previous artifact is corrupted.</exception>
    public PromotionPointer Rollback(ModelKind kind)
    {
        using var gate = RegistryLock.Acquire(Root, LockTimeout);
        var pointer = Promoted(kind);
        if (pointer.Current is null)
        {
            throw new ModelRegistryException($"nothing is promoted for {kind.ToWire()}; there is nothing to roll back");
        }

        PromotionRecord? previous = null;
        if (pointer.History.Count > 0)
        {
            var last = pointer.History[^1];
            var entry = Entry(RegistryLayout.Artifact(Root, last.Name, last.Hash));
            Verify(entry);
            previous = last with { PromotedAt = DateTimeOffset.UtcNow };
        }

        var rolledBack = new PromotionPointer { Kind = kind.ToWire(), Current = previous, History = pointer.History.Take(pointer.History.Count - (previous is null ? 0 : 1)).ToArray() };
        Wrap(() => rolledBack.Write(Root));
        return rolledBack;
    }

    private static void CheckLoadable(RegistryEntry entry, string kind)
    {
        try
        {
            var artifact = ModelArtifact.Open(entry.Directory);
            switch (kind)
            {
                case ModelKinds.Kernels:
                    KernelSet.Load(artifact, new AgentOptions().Epsilon);
                    break;
                case ModelKinds.Detector:
                    DetectorLoader.Load(artifact);
                    break;
            }
        }
        catch (ModelLoadException e)
        {
            throw new ModelRegistryException($"refusing to promote {entry.Reference}: a running node could not load it: {e.Message}", e);
        }
    }

    private IReadOnlyList<string> HashesOf(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            return [];
        }

        var directory = RegistryLayout.ArtifactsOf(Root, name);
        return Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory).Select(d => Path.GetFileName(d)!).Where(h => h.Length == 64 && ArtifactHash.IsHex(h)).Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    private static RegistryEntry Entry(string directory)
    {
        var manifest = LoadManifest(directory);
        return new RegistryEntry(manifest, Path.GetFileName(directory), directory);
    }

    private static ModelManifest LoadManifest(string directory)
    {
        try
        {
            return ModelManifest.Load(directory);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            throw new ModelRegistryException($"'{directory}': {ArtifactFiles.Manifest} is missing or invalid: {e.Message}", e);
        }
    }

    private static T Wrap<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ModelLoadException e)
        {
            throw new ModelRegistryException(e.Message, e);
        }
    }

    private static void Wrap(Action action) => Wrap(() =>
    {
        action();
        return 0;
    });

    [GeneratedRegex("^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")]
    private static partial Regex NamePattern();
}
