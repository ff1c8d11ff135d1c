using System.Runtime.InteropServices;
using System.Text;

namespace Phantom.Streams.Kafka.Native;

/// <summary>
/// The few librdkafka C functions Confluent.Kafka does not wrap: client handles for the mock cluster, the mock cluster
/// itself (<c>rdkafka_mock.h</c>) and the version.
/// </summary>
/// <remarks>
/// How the native library is found, here and in Confluent.Kafka 1.9.3 alike: both import the name <c>librdkafka</c>
/// (Confluent's Linux loader tries <c>centos7-librdkafka</c>, then <c>librdkafka</c>, then <c>centos6-librdkafka</c>,
/// and keeps the first that binds). The .NET runtime probes <c>librdkafka.so</c> first, next to the application and
/// then through the system loader's paths, where Debian's <c>librdkafka-dev</c> puts the unversioned
/// <c>/usr/lib/&lt;triplet&gt;/librdkafka.so</c> symlink to <c>librdkafka1</c>'s <c>librdkafka.so.1</c>. So both
/// packages are needed and no <c>Library.Load(path)</c> or import resolver is: the default load works as it is.
/// </remarks>
internal static partial class Librdkafka
{
    internal const string Name = "librdkafka";

    internal const int ProducerType = 0;
    internal const int ConfOk = 0;

    [LibraryImport(Name, EntryPoint = "rd_kafka_version")]
    internal static partial int Version();

    [LibraryImport(Name, EntryPoint = "rd_kafka_version_str")]
    internal static partial nint VersionString();

    [LibraryImport(Name, EntryPoint = "rd_kafka_err2str")]
    internal static partial nint ErrorString(int error);

    [LibraryImport(Name, EntryPoint = "rd_kafka_conf_new")]
    internal static partial nint ConfNew();

    [LibraryImport(Name, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(nint conf);

    [LibraryImport(Name, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(nint conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(Name, EntryPoint = "rd_kafka_new")]
    internal static partial nint New(int type, nint conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Name, EntryPoint = "rd_kafka_destroy")]
    internal static partial void Destroy(nint rk);

    [LibraryImport(Name, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial nint MockClusterNew(nint rk, int brokerCount);

    [LibraryImport(Name, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(nint cluster);

    [LibraryImport(Name, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial nint MockClusterBootstraps(nint cluster);

    [LibraryImport(Name, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(nint cluster, string topic, int partitions, int replicationFactor);

    internal static string ErrorText(int error) => Marshal.PtrToStringUTF8(ErrorString(error)) ?? $"error {error}";

    internal static string Text(byte[] errstr)
    {
        var end = Array.IndexOf(errstr, (byte)0);
        return Encoding.UTF8.GetString(errstr, 0, end < 0 ? errstr.Length : end);
    }
}
