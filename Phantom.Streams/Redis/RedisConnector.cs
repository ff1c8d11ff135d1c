using Phantom.Streams.Configuration;
using StackExchange.Redis;

namespace Phantom.Streams.Redis;

/// <summary>Opens the one <see cref="ConnectionMultiplexer"/> a node shares between its price store and its readers.</summary>
public static class RedisConnector
{
    /// <summary>
    /// Connects with <see cref="RedisOptions.Configuration"/>, waiting at most <see cref="RedisOptions.ConnectTimeout"/>.
    /// The multiplexer never gives up: if Redis is down now it keeps reconnecting in the background, and the store
    /// counts writes as failed until it is back (so a node can start before its Redis).
    /// </summary>
    /// <exception cref="ConfigurationException">The configuration string is empty or not understood (names the key).</exception>
    public static ConnectionMultiplexer Connect(RedisOptions options, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            throw new ConfigurationException("phantom.redis.configuration is empty: there is no Redis to connect to");
        }

        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(options.Configuration);
        }
        catch (ArgumentException error)
        {
            throw new ConfigurationException($"phantom.redis.configuration = \"{options.Configuration}\" is not a Redis configuration string: {error.Message}");
        }

        if (configuration.EndPoints.Count == 0)
        {
            throw new ConfigurationException($"phantom.redis.configuration = \"{options.Configuration}\" names no endpoint (expected host:port, e.g. 127.0.0.1:6379)");
        }

        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)Math.Max(1, options.ConnectTimeout.TotalMilliseconds);
        // Sync calls are not on the hot path; this only bounds the rare ones (admin, tests).
        configuration.SyncTimeout = (int)Math.Max(1, options.WriteTimeout.TotalMilliseconds);
        configuration.ConnectRetry = 1;
        return ConnectionMultiplexer.Connect(configuration, log);
    }
}
