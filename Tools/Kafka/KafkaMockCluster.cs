using System.Runtime.InteropServices;
using System.Text;

namespace Orleans.Rec.Tools.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster: a real Kafka-protocol server in this process, for development and tests
/// (no broker can be installed on these machines). Topics must be created here; the mock does not implement
/// CreateTopics. A mock partition keeps only ~5 MiB.
/// </summary>
public sealed partial class KafkaMockCluster : IDisposable
{
    private const string Native = "rdkafka-mock";
    private static readonly Lock LoadLock = new();
    private static string? _libraryPath;
    private readonly IntPtr _handle;
    private IntPtr _cluster;

    public KafkaMockCluster(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        EnsureResolver();
        var conf = rd_kafka_conf_new();
        var error = new byte[512];
        // The mock's own client has no bootstrap servers by design; keep its warning about that off stderr.
        _ = rd_kafka_conf_set(conf, "log_level", "3", error, (UIntPtr)error.Length);
        _handle = rd_kafka_new(0, conf, error, (UIntPtr)error.Length);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Encoding.UTF8.GetString(error).TrimEnd('\0')}");
        }

        _cluster = rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        // The mock answers Metadata without a controller unless told; consumer groups join at once.
        rd_kafka_mock_set_controller_id(_cluster, 1);
        rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster)) ?? throw new InvalidOperationException("The mock cluster has no bootstrap servers.");
        Brokers = brokers;
    }

    /// <summary>The value for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    public int Brokers { get; }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
        var err = rd_kafka_mock_topic_create(_cluster, topic, partitions, replicationFactor);
        if (err != 0)
        {
            throw new InvalidOperationException($"Creating mock topic '{topic}' failed with librdkafka error {err}.");
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> requests of kind <paramref name="apiKey"/> (0: Produce, 1: Fetch)
    /// that reference one partition fail there with the Kafka error <paramref name="errorCode"/>; other partitions
    /// in the same requests are unaffected.
    /// </summary>
    public void FailPartitionRequests(string topic, int partition, short apiKey, int errorCode, int count)
    {
        ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
        for (var i = 0; i < count; i++)
        {
            // The C function is variadic (cnt errors follow); one error per call keeps the call's shape fixed.
            var err = rd_kafka_mock_partition_push_request_errors(_cluster, topic, partition, apiKey, 1, errorCode);
            if (err != 0)
            {
                throw new InvalidOperationException($"Injecting errors on mock partition '{topic}/{partition}' failed with librdkafka error {err}.");
            }
        }
    }

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
            rd_kafka_destroy(_handle);
        }
    }

    /// <summary>
    /// Binds the P/Invokes to the very librdkafka that Confluent.Kafka loaded (on Debian 12 its default build cannot
    /// load and it falls back to <c>centos8-librdkafka.so</c>; two copies in one process would not share a cluster).
    /// </summary>
    private static void EnsureResolver()
    {
        lock (LoadLock)
        {
            if (_libraryPath is not null)
            {
                return;
            }

            Confluent.Kafka.Library.Load();
            _libraryPath = FindLoadedLibrdkafka() ?? throw new InvalidOperationException("Confluent.Kafka loaded no librdkafka that can be found in /proc/self/maps.");
            NativeLibrary.SetDllImportResolver(typeof(KafkaMockCluster).Assembly, (name, _, _) =>
                name == Native ? NativeLibrary.Load(_libraryPath) : IntPtr.Zero);
        }
    }

    private static string? FindLoadedLibrdkafka()
    {
        if (!File.Exists("/proc/self/maps"))
        {
            return null;
        }

        return File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var i and >= 0 ? line[i..] : null)
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).EndsWith("librdkafka.so", StringComparison.Ordinal));
    }

    [LibraryImport(Native)]
    private static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Native)]
    private static partial IntPtr rd_kafka_new(int type, IntPtr conf, [MarshalAs(UnmanagedType.LPArray)] byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Native, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, [MarshalAs(UnmanagedType.LPArray)] byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Native)]
    private static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Native)]
    private static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokers);

    [LibraryImport(Native)]
    private static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(Native)]
    private static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Native, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Native, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_partition_push_request_errors(IntPtr cluster, string topic, int partition, short apiKey, UIntPtr count, int error);

    [LibraryImport(Native)]
    private static partial void rd_kafka_mock_set_controller_id(IntPtr cluster, int controllerId);

    [LibraryImport(Native)]
    private static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);
}
