using System.Globalization;
using Phantom.Cluster.Console;
using Phantom.Streams.Configuration;

namespace Phantom.Cluster.Cli;

/// <summary>
/// How every command builds its options: the embedded reference, the command's overlay (<c>embedded</c>,
/// <c>cluster</c>, …), <c>--config FILE</c>, <c>PHANTOM_*</c> environment variables, then the command's flags, each
/// flag set as its configuration key so it passes the same validation. A problem is printed naming the flag rather
/// than the key it set.
/// </summary>
internal static class CliConfiguration
{
    /// <summary>The options, or null after printing why they could not be built.</summary>
    public static PhantomOptions? TryLoad(string? overlay, FileInfo? config, params FlagSetting[] flags)
    {
        try
        {
            var configuration = new PhantomConfiguration();
            if (overlay is not null)
            {
                configuration.AddOverlay(overlay);
            }

            if (config is not null)
            {
                if (!config.Exists)
                {
                    throw new ConfigurationException($"--config: no such file '{config.FullName}'");
                }

                configuration.AddOverlay(config.FullName);
            }

            foreach (var flag in flags.Where(f => f.Value is not null))
            {
                configuration.Set(flag.Key, flag.Value!);
            }

            return configuration.Build();
        }
        catch (ConfigurationException error)
        {
            var message = flags.Aggregate(error.Message, (text, flag) => text.Replace(flag.Key, flag.Flag, StringComparison.Ordinal));
            Terminal.Error(message);
            return null;
        }
    }

    /// <summary>A flag's value for a configuration key; null leaves the key as configured.</summary>
    public readonly record struct FlagSetting(string Flag, string Key, string? Value)
    {
        public static FlagSetting Of(string flag, string key, object? value) =>
            new(flag, key, value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture));
    }
}
