namespace Phantom.Training.Registry;

/// <summary>
/// An exclusive lock on a registry directory (a <c>.lock</c> file opened without sharing), so two processes that
/// promote or roll back at once take turns on the read-modify-write of a pointer instead of losing one update.
/// </summary>
internal sealed class RegistryLock : IDisposable
{
    private readonly FileStream _file;

    private RegistryLock(FileStream file) => _file = file;

    /// <exception cref="ModelRegistryException">Another process held the lock for longer than <paramref name="timeout"/>.</exception>
    public static RegistryLock Acquire(string root, TimeSpan timeout)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, ".lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new RegistryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
            catch (IOException e)
            {
                throw new ModelRegistryException($"the registry '{root}' is locked by another process ({path}); try again", e);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
