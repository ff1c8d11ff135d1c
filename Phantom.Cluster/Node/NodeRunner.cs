using System.Diagnostics;
using System.Globalization;
using Phantom.Cluster.Cli;
using Phantom.Cluster.Console;
using Phantom.Cluster.Http;
using Phantom.Streams.Configuration;
using Phantom.Streams.Journal;
using Spectre.Console;

namespace Phantom.Cluster.Node;

/// <summary>
/// Runs <c>phantom node</c>: loads the configuration (reference, the <c>cluster</c> overlay, <c>--config</c>,
/// environment, flags), starts a <see cref="NodeHost"/>, prints a status line every few seconds, and on Ctrl+C drains
/// the pipeline before closing the HTTP listeners.
/// </summary>
internal sealed class NodeRunner(NodeRequest request)
{
    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(5);

    public async Task<int> RunAsync(CancellationToken commandCancellation)
    {
        // SIGTERM (a service manager, a container stop) must drain like Ctrl+C does, not end the process mid-batch.
        using var signals = new StopSignals(commandCancellation);
        var cancellation = signals.Token;

        PhantomOptions options;
        NodeHost node;
        try
        {
            options = LoadOptions();
            node = new NodeHost(options, kafka: request.Kafka is not null);
        }
        catch (Exception error) when (error is ConfigurationException or ArgumentException)
        {
            Terminal.Error(error.Message);
            return ExitCodes.BadConfiguration;
        }
        catch (System.Data.Common.DbException error)
        {
            // The journal's or the cluster registry's database refused or is down.
            Terminal.Error($"cannot open the node's database: {error.Message}");
            return ExitCodes.Failed;
        }

        await using (node.ConfigureAwait(false))
        {
            var roles = node.Roles;
            node.Http.AddHealthCheck("node", () => new ComponentHealth(ComponentHealth.Up, new Dictionary<string, object?> { ["roles"] = string.Join(",", roles) }));
            try
            {
                await node.StartAsync(cancellation).ConfigureAwait(false);
            }
            catch (IOException error)
            {
                // Kestrel reports an address in use this way.
                Terminal.Error($"cannot listen on {string.Join(", ", node.Http.Urls)}: {error.Message}");
                return ExitCodes.Failed;
            }
            catch (System.Data.Common.DbException error)
            {
                Terminal.Error($"cannot register in the cluster registry ({RegistryKind(node.Options)}): {error.Message}");
                return ExitCodes.Failed;
            }

            PrintHeader(node, roles);
            // POST /admin/cluster/leave/{this node} ends the loop like Ctrl+C does: drain, hand the shards off, exit 0.
            using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellation, node.Member.LeaveRequested);
            cancellation = running.Token;
            var clock = Stopwatch.StartNew();
            var lastEvents = 0L;
            var lastTime = TimeSpan.Zero;
            try
            {
                while (!cancellation.IsCancellationRequested)
                {
                    await Task.Delay(StatusEvery, cancellation).ConfigureAwait(false);
                    if (node.SourceFailure is { } failure)
                    {
                        Terminal.Error($"a source failed: {failure.Message}");
                        node.Admin.Log.Write(Admin.NodeLog.Error, Admin.NodeAdmin.NodeCategory, $"a source failed: {failure.Message}");
                        break;
                    }

                    node.Admin.Log.Info(Admin.NodeAdmin.NodeCategory, string.Create(CultureInfo.InvariantCulture,
                        $"{node.Runtime.Pipeline.GetMetrics().EventsProcessed} events, {node.Admin.Rate.PerSecond:0} ev/s, {node.Runtime.LiveSessions} live sessions, {node.Http.Health().Status}"));
                    if (!request.Quiet)
                    {
                        var metrics = node.Runtime.Pipeline.GetMetrics();
                        var elapsed = clock.Elapsed;
                        var rate = (metrics.EventsProcessed - lastEvents) / Math.Max(1e-9, (elapsed - lastTime).TotalSeconds);
                        (lastEvents, lastTime) = (metrics.EventsProcessed, elapsed);
                        var (status, _) = node.Http.Health();
                        AnsiConsole.MarkupLineInterpolated(
                            $"[grey]{elapsed:hh\\:mm\\:ss}[/] {metrics.EventsProcessed,12:N0} events  {rate,9:N0} ev/s  {node.Runtime.LiveSessions,8:N0} live sessions  rejected {metrics.Rejected:N0}  {status}");
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the graceful stop below.
            }

            var left = node.Member.LeaveRequested.IsCancellationRequested;
            var stopping = left ? "leaving the cluster: draining the pipeline and handing the shards off" : "stopping: draining the pipeline";
            node.Admin.Log.Info(Admin.NodeAdmin.NodeCategory, stopping);
            Terminal.Note(stopping + "…");
            var drained = await node.StopAsync().ConfigureAwait(false);
            var final = node.Runtime.Pipeline.GetMetrics();
            Terminal.Note($"stopped: {final.EventsProcessed:N0} events processed, {final.Rejected:N0} rejected{(drained ? "" : "; the drain timed out and in-flight events were dropped")}");
            if (!drained || node.SourceFailure is not null)
            {
                return ExitCodes.Failed;
            }

            return left ? ExitCodes.Ok : ExitCodes.Interrupted;
        }
    }

    private static void PrintHeader(NodeHost node, IReadOnlyList<string> roles)
    {
        var options = node.Options;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]phantom node[/]").AddColumn("setting").AddColumn("value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("listening", string.Join(", ", node.Http.BoundUrls));
        Row("node", $"{node.Member.Id} in cluster '{node.Member.ClusterName}' at {node.Member.Address}");
        Row("roles", string.Join(", ", roles));
        Row("shards", node.Runtime.Partitions.ToString(CultureInfo.InvariantCulture));
        Row("policy", options.Pricing.Policy);
        Row("sources", string.Join(", ", node.Sources.Select(s => s.Name)));
        Row("redis", node.RedisStore is null ? "off (prices in memory)" : $"{options.Redis.Configuration} ({(node.RedisStore.IsConnected ? "connected" : "NOT connected; retrying")})");
        // Never the PostgreSQL connection string itself: it may carry a password.
        Row("journal", node.Journal is null ? "off" : JournalFactory.IsPostgres(options.Journal.Connection) ? "PostgreSQL" : $"SQLite {options.Journal.Connection}");
        Row("cluster registry", RegistryKind(options));
        Row("api key", node.Http.ApiKeyRequired ? "required for ingest and admin" : "none (ingest open: development only)");
        Row("pricing reads", options.Http.PublicPricing ? "public" : "need the key");
        AnsiConsole.Write(table);
        if (!node.Http.ApiKeyRequired)
        {
            AnsiConsole.MarkupLine("[yellow]warning:[/] phantom.http.api-key is empty; anyone who can reach the ingest address can post events.");
        }

        Terminal.Note("Ctrl+C stops the node after draining the pipeline.");
    }

    /// <summary>Where the registry lives, without printing a connection string (it may carry a password).</summary>
    private static string RegistryKind(PhantomOptions options)
    {
        var connection = string.IsNullOrWhiteSpace(options.Cluster.Connection) ? options.Journal.Connection : options.Cluster.Connection;
        return string.IsNullOrWhiteSpace(connection) ? "in memory (this node only: set --journal or phantom.cluster.connection to share one)"
            : JournalFactory.IsPostgres(connection) ? "PostgreSQL"
            : $"SQLite {connection}";
    }

    private PhantomOptions LoadOptions()
    {
        var configuration = new PhantomConfiguration().AddOverlay("cluster");
        if (request.Config is { } file)
        {
            if (!file.Exists)
            {
                throw new ConfigurationException($"--config: no such file '{file.FullName}'");
            }

            configuration.AddOverlay(file.FullName);
        }

        if (request.Kafka is { } kafka)
        {
            configuration.Set("phantom.kafka.bootstrap-servers", kafka);
        }

        if (request.Journal is { } journal)
        {
            configuration.Set("phantom.journal.connection", journal);
        }

        if (request.Http is { } http)
        {
            configuration.Set("phantom.http.pricing-url", http);
            configuration.Set("phantom.http.ingest-url", http);
        }

        if (request.Redis is { } redis)
        {
            configuration.Set("phantom.redis.configuration", redis);
        }

        if (request.ApiKey is { } key)
        {
            configuration.Set("phantom.http.api-key", key);
        }

        if (request.Partitions is { } partitions)
        {
            configuration.Set("phantom.pipeline.partitions", partitions.ToString(CultureInfo.InvariantCulture));
        }

        if (request.Roles.Count > 0)
        {
            configuration.Set("phantom.cluster.roles", "[" + string.Join(", ", request.Roles.Select(r => $"\"{r}\"")) + "]");
        }

        if (request.Policy is { } policy)
        {
            configuration.Set("phantom.pricing.policy", policy);
        }

        return configuration.Build();
    }
}
