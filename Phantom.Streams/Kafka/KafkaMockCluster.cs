using System.Runtime.InteropServices;
using Phantom.Streams.Kafka.Native;

namespace Phantom.Streams.Kafka;

/// <summary>
/// librdkafka's in-process mock Kafka cluster: real Kafka protocol on loopback ports, for development
/// (<c>phantom kafka-mock</c>) and tests, where no Apache Kafka can be installed. Production points
/// <c>phantom.kafka.bootstrap-servers</c> at a real cluster instead. The cluster lives inside a librdkafka client
/// handle created here and kept until <see cref="Dispose"/>; its broker threads run on their own.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _topics = new(StringComparer.Ordinal);
    private nint _client;
    private nint _cluster;

    private KafkaMockCluster(nint client, nint cluster, int brokers)
    {
        _client = client;
        _cluster = cluster;
        Brokers = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(Librdkafka.MockClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("the mock cluster reported no bootstrap address");
    }

    /// <summary>The brokers' addresses, comma separated (what clients put in <c>bootstrap.servers</c>).</summary>
    public string BootstrapServers { get; }

    public int Brokers { get; }

    /// <summary>Topics created through this object, with their partition counts.</summary>
    public IReadOnlyDictionary<string, int> Topics
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_topics, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Starts a mock cluster of <paramref name="brokers"/> brokers on loopback.</summary>
    /// <exception cref="DllNotFoundException">librdkafka is not installed (the message says what to install).</exception>
    public static KafkaMockCluster Start(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        LibrdkafkaRuntime.EnsureAvailable();
        var errstr = new byte[512];
        var conf = Librdkafka.ConfNew();
        // The handle only hosts the cluster: it never connects, so its "no bootstrap.servers" warning is noise.
        if (Librdkafka.ConfSet(conf, "log_level", "3", errstr, (nuint)errstr.Length) != Librdkafka.ConfOk)
        {
            Librdkafka.ConfDestroy(conf);
            throw new InvalidOperationException($"librdkafka rejected log_level: {Librdkafka.Text(errstr)}");
        }

        var client = Librdkafka.New(Librdkafka.ProducerType, conf, errstr, (nuint)errstr.Length);
        if (client == 0)
        {
            Librdkafka.ConfDestroy(conf); // rd_kafka_new owns conf only when it succeeds
            throw new InvalidOperationException($"could not create the librdkafka handle for the mock cluster: {Librdkafka.Text(errstr)}");
        }

        var cluster = Librdkafka.MockClusterNew(client, brokers);
        if (cluster == 0)
        {
            Librdkafka.Destroy(client);
            throw new InvalidOperationException($"librdkafka could not start a mock cluster of {brokers} broker(s)");
        }

        return new KafkaMockCluster(client, cluster, brokers);
    }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        if (replicationFactor < 1 || replicationFactor > Brokers)
        {
            throw new ArgumentOutOfRangeException(nameof(replicationFactor), replicationFactor, $"must be in 1..{Brokers} (the brokers)");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == 0, this);
            var error = Librdkafka.MockTopicCreate(_cluster, topic, partitions, replicationFactor);
            if (error != 0)
            {
                throw new InvalidOperationException($"could not create topic '{topic}' ({partitions} partitions): {Librdkafka.ErrorText(error)}");
            }

            _topics[topic] = partitions;
        }
    }

    /// <summary>
    /// Creates the CONTRACTS.md topics of <paramref name="options"/>: events, prices and price logs with
    /// <see cref="KafkaOptions.Partitions"/> partitions (or <paramref name="partitions"/>), dead letters with 1.
    /// </summary>
    public void CreateContractTopics(KafkaOptions options, int? partitions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var n = partitions ?? options.Partitions;
        CreateTopic(options.EventsTopic, n);
        CreateTopic(options.PricesTopic, n);
        CreateTopic(options.PriceLogTopic, n);
        CreateTopic(options.DeadLetterTopic, 1);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != 0)
            {
                Librdkafka.MockClusterDestroy(_cluster);
                _cluster = 0;
            }

            if (_client != 0)
            {
                Librdkafka.Destroy(_client);
                _client = 0;
            }
        }
    }
}
