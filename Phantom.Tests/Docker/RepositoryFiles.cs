namespace Phantom.Tests.Docker;

/// <summary>Finds files of the repository the tests were built from (the folder holding Phantom.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Phantom.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Phantom.sln above {AppContext.BaseDirectory}");
    }
}
