using Microsoft.Extensions.Logging;

namespace Phantom.Cluster.Admin;

/// <summary>One category's logger writing to the <see cref="NodeLog"/> (see <see cref="NodeLogProvider"/> for the levels).</summary>
internal sealed class NodeLogLogger(NodeLog log, string category) : ILogger
{
    private readonly LogLevel _minimum =
        category.StartsWith("Microsoft.", StringComparison.Ordinal) || category.StartsWith("System.", StringComparison.Ordinal)
            ? LogLevel.Warning
            : LogLevel.Information;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= _minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        if (exception is not null)
        {
            message = $"{message}: {exception.GetType().Name}: {exception.Message}";
        }

        log.Write(LevelName(logLevel), category, message);
    }

    internal static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => NodeLog.Information,
        LogLevel.Warning => NodeLog.Warning,
        LogLevel.Error => NodeLog.Error,
        _ => "critical",
    };
}
