using System.Runtime.InteropServices;
using Phantom.Streams.Kafka.Native;

namespace Phantom.Streams.Kafka;

/// <summary>
/// The native librdkafka this process loads (Debian's <c>librdkafka1</c> + <c>librdkafka-dev</c>; see
/// <see cref="Librdkafka"/> for how it is found): its version, and one clear error when it is missing instead of the
/// runtime's bare <see cref="DllNotFoundException"/> deep inside a Kafka call.
/// </summary>
public static class LibrdkafkaRuntime
{
    /// <summary>What to run when the library is missing.</summary>
    public const string InstallHint =
        "librdkafka is not installed: run `apt-get update && apt-get install -y librdkafka1 librdkafka-dev` " +
        "(librdkafka-dev provides the librdkafka.so name that Confluent.Kafka loads)";

    /// <summary>The loaded library's version string, e.g. <c>2.0.2</c>; throws <see cref="DllNotFoundException"/> with <see cref="InstallHint"/> if absent.</summary>
    public static string Version
    {
        get
        {
            EnsureAvailable();
            return Marshal.PtrToStringUTF8(Librdkafka.VersionString()) ?? "unknown";
        }
    }

    /// <summary>The version as librdkafka's hex number (0xMMmmrrpp).</summary>
    public static int VersionNumber
    {
        get
        {
            EnsureAvailable();
            return Librdkafka.Version();
        }
    }

    /// <summary>Throws a <see cref="DllNotFoundException"/> naming the packages to install when librdkafka cannot be loaded.</summary>
    public static void EnsureAvailable()
    {
        // The same name and probing as the imports use, so success here means the imports (ours and Confluent's) bind.
        if (!NativeLibrary.TryLoad(Librdkafka.Name, typeof(Librdkafka).Assembly, null, out _))
        {
            throw new DllNotFoundException(InstallHint);
        }
    }
}
