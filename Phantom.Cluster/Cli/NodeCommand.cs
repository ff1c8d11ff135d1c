using System.CommandLine;
using Phantom.Cluster.Node;

namespace Phantom.Cluster.Cli;

/// <summary><c>phantom node</c>: a long-running node with the pricing and ingest HTTP APIs, until Ctrl+C.</summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var http = new Option<string?>("--http")
        {
            Description = "One address for every route, e.g. http://127.0.0.1:5000 (default: phantom.http.pricing-url and ingest-url).",
        };
        var redis = new Option<string?>("--redis")
        {
            Description = "Redis configuration string, e.g. 127.0.0.1:6379; \"\" keeps prices in memory only (default: phantom.redis.configuration).",
        };
        var kafka = new Option<string?>("--kafka")
        {
            Description = "Kafka bootstrap servers (host:port,...): consume user-interactions as a member of phantom.kafka.group-id, one shard per partition, and produce prices and dead letters; production points this at Apache Kafka, development at `phantom kafka-mock`. Without it the node is fed by its ingest API in process.",
        };
        var journal = new Option<string?>("--journal")
        {
            Description = "The persisted session journal: a SQLite file path or a PostgreSQL connection string (postgres://... or Host=...); with --kafka, events and consumer offsets commit together so a crash or rebalance neither loses nor double-applies an event (default: phantom.journal.connection, empty = none).",
        };
        var apiKey = new Option<string?>("--api-key") { Description = "The X-Phantom-Key that ingest and admin routes require (default: phantom.http.api-key)." };
        var roles = new Option<string[]>("--roles")
        {
            Description = $"Roles this node announces ({string.Join(", ", NodeRoles.Known)}); default: all.",
            AllowMultipleArgumentsPerToken = true,
        };
        var policy = new Option<string?>("--policy") { Description = "Pricing policy: static, surge, elasticity or session-aware (default)." };
        var config = CliOptions.Config();
        var partitions = CliOptions.Partitions();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No status lines while running." };

        http.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp))
            {
                r.AddError($"--http must be an http:// URL such as http://127.0.0.1:5000; got '{url}'.");
            }
        });
        roles.Validators.Add(r =>
        {
            foreach (var role in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!NodeRoles.Known.Contains(role))
                {
                    r.AddError($"--roles: unknown role '{role}'; known roles: {string.Join(", ", NodeRoles.Known)}.");
                }
            }
        });

        var command = new Command("node", "Run a node: the pipeline, the price stores (memory, Redis) and the pricing/ingest HTTP APIs, until Ctrl+C.")
        {
            http, redis, kafka, journal, apiKey, roles, policy, partitions, config, quiet,
        };
        command.SetAction((parse, cancellation) => new NodeRunner(new NodeRequest
        {
            Http = parse.GetValue(http),
            Redis = parse.GetValue(redis),
            Kafka = parse.GetValue(kafka),
            Journal = parse.GetValue(journal),
            ApiKey = parse.GetValue(apiKey),
            Roles = parse.GetValue(roles) ?? [],
            Policy = parse.GetValue(policy),
            Partitions = parse.GetValue(partitions),
            Config = parse.GetValue(config),
            Quiet = parse.GetValue(quiet),
        }).RunAsync(cancellation));
        return command;
    }
}
