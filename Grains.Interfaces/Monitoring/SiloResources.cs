namespace Orleans.Rec.Monitoring;

/// <summary>
/// One read of a silo process's resources and ingest figures. Times and counts are cumulative since the process
/// started, so any two reads give a rate; GPU figures are null where the silo has no NVIDIA GPU (or no NVML).
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.SiloResources")]
public sealed record SiloResources
{
    /// <summary>The silo (<c>SiloAddress.ToParsableString()</c>).</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>When it was read.</summary>
    [Id(1)] public required DateTimeOffset At { get; init; }

    /// <summary>Processors the process may use.</summary>
    [Id(2)] public required int ProcessorCount { get; init; }

    /// <summary>Process CPU time (user + system) since the process started, in seconds.</summary>
    [Id(3)] public required double CpuSeconds { get; init; }

    /// <summary>Process working set in bytes.</summary>
    [Id(4)] public required long WorkingSetBytes { get; init; }

    /// <summary>Memory the process may use in bytes: its container limit, or the machine's memory.</summary>
    [Id(5)] public required long AvailableMemoryBytes { get; init; }

    /// <summary>Managed heap size after the last garbage collection, in bytes.</summary>
    [Id(6)] public required long GcHeapBytes { get; init; }

    /// <summary>Time paused by garbage collection since the process started, in seconds.</summary>
    [Id(7)] public required double GcPauseSeconds { get; init; }

    /// <summary>Work items queued in the thread pool, waiting for a thread.</summary>
    [Id(8)] public required long ThreadPoolQueueLength { get; init; }

    /// <summary>Thread-pool threads.</summary>
    [Id(9)] public required int ThreadPoolThreads { get; init; }

    /// <summary>Kafka consumer lag of the silo's most lagging partition (messages not yet committed); null when the silo reads no Kafka partition.</summary>
    [Id(10)] public long? KafkaLag { get; init; }

    /// <summary>Messages the silo sent to the dead-letter topic since the process started.</summary>
    [Id(11)] public long DeadLetters { get; init; }

    /// <summary>GPU utilisation (0..1, busiest GPU) over NVML's last sample period; null without a GPU.</summary>
    [Id(12)] public double? GpuUtilization { get; init; }

    /// <summary>GPU memory in use in bytes, summed over the GPUs; null without a GPU.</summary>
    [Id(13)] public long? GpuMemoryUsedBytes { get; init; }

    /// <summary>GPU memory in bytes, summed over the GPUs; null without a GPU.</summary>
    [Id(14)] public long? GpuMemoryTotalBytes { get; init; }

    /// <summary>CPU utilisation (0..1 of the processors) over the recent past (at least 10 s once the silo has been read that long); null on the first read.</summary>
    [Id(15)] public double? CpuUtilization { get; init; }

    /// <summary>Share of wall time paused by garbage collection over the same recent past; null on the first read.</summary>
    [Id(16)] public double? GcPauseRatio { get; init; }
}
