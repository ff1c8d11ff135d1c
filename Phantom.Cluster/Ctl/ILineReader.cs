namespace Phantom.Cluster.Ctl;

/// <summary>Reads one command line for the interactive prompt; null at the end of input (Ctrl+D, a closed pipe).</summary>
public interface ILineReader
{
    string? ReadLine(string prompt);
}
