using Phantom.Streams.Configuration;

namespace Phantom.Tests.Docker;

/// <summary>
/// docker/docker-compose.yml cannot be started here (no Docker engine), so its wiring is checked against what the nodes
/// read: every PHANTOM_* variable names a real key and binds, each node's published port is the port it listens on,
/// every host and dependency names a service of the file, and the command lines parse with the real `phantom` CLI.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly ComposeFile Compose = ComposeFile.Load(RepositoryFiles.PathOf("docker/docker-compose.yml"));

    private static IEnumerable<ComposeService> Nodes => Compose.Services.Values.Where(s => s.IsPhantomNode);

    public static TheoryData<string> PhantomServices() => [.. Compose.Services.Values.Where(s => s.Environment.Keys.Any(IsPhantomVariable)).Select(s => s.Name)];

    [Fact]
    public void Services_Deployment_HasKafkaPostgresRedisThreeNodesAndTraffic()
    {
        Assert.Contains("kafka", Compose.Services.Keys);
        Assert.Contains("postgres", Compose.Services.Keys);
        Assert.Contains("redis", Compose.Services.Keys);
        Assert.Contains("traffic", Compose.Services.Keys);
        Assert.Equal(3, Nodes.Count());
        Assert.StartsWith("apache/kafka:", Compose.Services["kafka"].Image);
        Assert.Equal("broker,controller", Compose.Services["kafka"].Environment["KAFKA_PROCESS_ROLES"]); // KRaft: no ZooKeeper
    }

    [Fact]
    public void DependsOn_EveryName_IsAServiceOfTheFile()
    {
        foreach (var service in Compose.Services.Values)
        {
            Assert.All(service.DependsOn, dependency => Assert.True(Compose.Services.ContainsKey(dependency), $"{service.Name} depends on unknown service '{dependency}'"));
            Assert.DoesNotContain(service.Name, service.DependsOn);
        }

        Assert.All(Nodes, node => Assert.Equal(["kafka-init", "postgres", "redis"], node.DependsOn.Order()));
    }

    [Theory]
    [MemberData(nameof(PhantomServices))]
    public void Environment_EveryPhantomVariable_NamesAKeyAndBindsItsValue(string name)
    {
        var service = Compose.Services[name];
        var environment = PhantomEnvironment(service);
        var tree = new PhantomConfiguration().AddOverlay("cluster").BuildTree(environment);
        var phantom = (Streams.Configuration.Hocon.HoconObject)tree[PhantomConfiguration.RootKey];

        foreach (var (variable, value) in environment)
        {
            var path = PhantomConfiguration.EnvironmentKeyPath(variable, phantom); // throws for a variable that names no key
            Assert.Equal(value, tree.GetString(string.Join('.', path)));
        }

        _ = Options(service); // binding and range validation of every value, as the service would load them
    }

    [Fact]
    public void Nodes_CommandLines_ParseWithThePhantomCli()
    {
        foreach (var node in Nodes)
        {
            var parse = Phantom.Cluster.Program.BuildRootCommand().Parse([.. node.Command]);
            Assert.True(parse.Errors.Count == 0, $"{node.Name}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Equal("node", parse.CommandResult.Command.Name);
        }
    }

    [Fact]
    public void Nodes_PublishedPorts_AreThePortsTheyListenOn()
    {
        foreach (var node in Nodes)
        {
            var http = Options(node).Http;
            var listening = new[] { http.PricingUrl, http.IngestUrl }.Where(u => u.Length > 0).Select(u => new Uri(u)).ToList();
            var port = Assert.Single(node.Ports);
            Assert.Contains(port.Container, listening.Select(u => u.Port));
            Assert.All(listening, uri => Assert.Equal("0.0.0.0", uri.Host)); // reachable from the other containers
            Assert.All(listening, uri => Assert.Contains(uri.Port, node.Ports.Select(p => p.Container)));
        }

        Assert.Equal(3, Nodes.Select(n => n.Ports.Single().Host).Distinct().Count());
        Assert.Equal(3, Nodes.Select(n => n.Ports.Single().Container).Distinct().Count());
        Assert.Equal(3, Nodes.Select(n => n.Hostname).Where(h => !string.IsNullOrEmpty(h)).Distinct().Count());
    }

    [Fact]
    public void Nodes_SharedState_OneGroupOneJournalOneRedis()
    {
        var options = Nodes.Select(Options).ToList();

        Assert.Single(options.Select(o => o.Kafka.GroupId).Distinct());
        Assert.Single(options.Select(o => o.Journal.Connection).Distinct());
        Assert.Single(options.Select(o => o.Redis.Configuration).Distinct());
        Assert.Single(options.Select(o => o.Http.ApiKey).Distinct());
        Assert.All(options, o => Assert.True(Streams.Journal.JournalFactory.IsPostgres(o.Journal.Connection)));
        Assert.All(options, o => Assert.Equal(o.Kafka.Partitions, o.Pipeline.ResolvedPartitions));
    }

    [Fact]
    public void Hosts_KafkaPostgresRedis_NameComposeServices()
    {
        foreach (var node in Nodes)
        {
            var options = Options(node);
            AssertServiceHosts(node.Name, "--kafka", options.Kafka.BootstrapServers);
            AssertServiceHosts(node.Name, "phantom.redis.configuration", options.Redis.Configuration.Split(',')[0]);
            var host = options.Journal.Connection.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0].Trim().Equals("Host", StringComparison.OrdinalIgnoreCase))[1];
            Assert.True(Compose.Services.ContainsKey(host), $"{node.Name}: the journal's Host={host} is not a service");
            Assert.Contains(host, node.DependsOn);
        }

        var traffic = Compose.Services["traffic"];
        AssertServiceHosts("traffic", "TRAFFIC_KAFKA", traffic.Environment["TRAFFIC_KAFKA"]);
    }

    [Fact]
    public void KafkaInit_Topics_HaveOnePartitionPerShard()
    {
        var script = string.Join('\n', Compose.Services["kafka-init"].Command);
        var options = Options(Nodes.First());

        foreach (var topic in new[] { options.Kafka.EventsTopic, options.Kafka.PricesTopic })
        {
            Assert.Contains($"{topic}:{options.Kafka.Partitions}", script);
        }

        Assert.Contains(options.Kafka.PriceLogTopic + ":", script);
        Assert.Contains(options.Kafka.DeadLetterTopic + ":", script);
        Assert.Equal(options.Kafka.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), Compose.Services["kafka"].Environment["KAFKA_NUM_PARTITIONS"]);
    }

    [Fact]
    public void Traffic_Generator_RunsTheImagesScript()
    {
        var traffic = Compose.Services["traffic"];
        var dockerfile = File.ReadAllText(RepositoryFiles.PathOf("docker/Dockerfile"));

        Assert.Equal(["phantom-traffic"], traffic.Entrypoint);
        Assert.Contains("docker/traffic.sh /usr/local/bin/phantom-traffic", dockerfile);
        Assert.True(File.Exists(RepositoryFiles.PathOf("docker/traffic.sh")));
        Assert.Contains("kafka-init", traffic.DependsOn);
    }

    [Fact]
    public void Dockerfile_CopySources_ExistInTheRepository()
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("docker/Dockerfile"));
        var copies = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var words = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var source in words.SkipLast(1))
            {
                Assert.True(File.Exists(RepositoryFiles.PathOf(source)) || Directory.Exists(RepositoryFiles.PathOf(source)), $"Dockerfile copies '{source}', which is not in the repository");
            }
        }

        Assert.Contains(lines, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:", StringComparison.Ordinal) && l.EndsWith(" AS build", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("librdkafka1", StringComparison.Ordinal));
    }

    private static bool IsPhantomVariable(string name) => name.StartsWith(PhantomConfiguration.EnvironmentPrefix, StringComparison.Ordinal);

    private static Dictionary<string, string> PhantomEnvironment(ComposeService service) =>
        service.Environment.Where(e => IsPhantomVariable(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    /// <summary>The options a service loads: what NodeRunner builds (the cluster overlay, the environment, the flags).</summary>
    private static PhantomOptions Options(ComposeService service)
    {
        var configuration = new PhantomConfiguration().AddOverlay("cluster");
        if (service.Flag("--kafka") is { } kafka)
        {
            configuration.Set("phantom.kafka.bootstrap-servers", kafka);
        }

        return configuration.Build(PhantomEnvironment(service));
    }

    private static void AssertServiceHosts(string service, string what, string servers)
    {
        foreach (var server in servers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var host = server.Split(':')[0];
            Assert.True(Compose.Services.ContainsKey(host), $"{service}: {what} names host '{host}', which is not a service of the compose file");
        }
    }
}
