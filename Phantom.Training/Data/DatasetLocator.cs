namespace Phantom.Training.Data;

/// <summary>
/// Finds the shared datasets folder by walking up from the application directory until a directory containing
/// shared/datasets appears (the repository root's parent in CI, the worktree's symlink locally).
/// </summary>
public static class DatasetLocator
{
    /// <summary>The shared/datasets directory, or null when none is found above <paramref name="startDirectory"/>.</summary>
    public static string? FindSharedDatasets(string? startDirectory = null)
    {
        var dir = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        return null;
    }

    /// <summary>Path of a file under shared/datasets; throws with the search start when it cannot be found.</summary>
    public static string Require(params string[] relativePath)
    {
        var root = FindSharedDatasets() ?? throw new DirectoryNotFoundException($"No shared/datasets directory above {AppContext.BaseDirectory}.");
        var path = Path.Combine([root, .. relativePath]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"Dataset not found: {path}", path);
        }

        return path;
    }
}
