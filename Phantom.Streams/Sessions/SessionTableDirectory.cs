namespace Phantom.Streams.Sessions;

/// <summary>
/// Where each shard's <see cref="SessionStage"/> leaves its <see cref="SessionTable"/>, so the host can drain them at
/// shutdown (<see cref="PassivateAll"/>) or look a live session up. Optional: register one with
/// <c>services.Add(new SessionTableDirectory(partitions))</c> before the stages are built.
/// </summary>
public sealed class SessionTableDirectory(int partitions)
{
    private readonly SessionTable?[] _tables = new SessionTable?[partitions];

    public int Partitions => _tables.Length;

    /// <summary>The table of a shard, or null before its stage was created.</summary>
    public SessionTable? this[int shard] => Volatile.Read(ref _tables[shard]);

    internal void Register(int shard, SessionTable table) => Volatile.Write(ref _tables[shard], table);

    /// <summary>
    /// Passivates every live session of every shard. Only once the shard workers have stopped: tables are single-writer.
    /// </summary>
    /// <returns>Sessions passivated.</returns>
    public int PassivateAll()
    {
        var passivated = 0;
        foreach (var table in _tables)
        {
            passivated += table?.PassivateAll() ?? 0;
        }

        return passivated;
    }
}
