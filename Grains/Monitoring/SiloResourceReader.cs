using Microsoft.Extensions.Logging;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Streaming.Kafka;

namespace Orleans.Rec.Monitoring;

/// <summary>
/// Reads this silo process's resources (CPU time, memory, GC, thread pool), its Kafka ingest figures and, where NVML
/// found a device, its GPUs: what the silo's agent reports to the history grains and the operator page. The figures
/// are the process's: silos sharing one process (a test cluster) report the same ones.
/// </summary>
public sealed class SiloResourceReader
{
    /// <summary>The least span the recent CPU and GC figures are taken over.</summary>
    public static readonly TimeSpan RecentSpan = TimeSpan.FromSeconds(10);

    private readonly ILocalSiloDetails _silo;
    private readonly TimeProvider _time;
    private readonly RecentRate _cpu = new(RecentSpan);
    private readonly RecentRate _gcPause = new(RecentSpan);

    /// <summary>
    /// Whether this silo reads Kafka: the Kafka figures are the process's, so a silo that reads none (another in the
    /// same process may) reports no lag and no dead letters rather than its neighbour's.
    /// </summary>
    private readonly bool _readsKafka;

    public SiloResourceReader(ILocalSiloDetails silo, StreamingSettings streaming, TimeProvider time, ILogger<SiloResourceReader> logger)
    {
        _silo = silo;
        _time = time;
        _readsKafka = streaming.UsesKafka;
        if (GpuMonitor.Current is { } gpu)
        {
            MonitoringLog.GpuFound(logger, gpu.DeviceCount);
        }
        else
        {
            MonitoringLog.GpuAbsent(logger, GpuMonitor.AbsentReason);
        }
    }

    /// <summary>The figures now.</summary>
    public SiloResources Read()
    {
        var memory = GC.GetGCMemoryInfo();
        var gpus = GpuMonitor.Current?.Read() ?? [];
        var now = _time.GetUtcNow();
        var cpuSeconds = Environment.CpuUsage.TotalTime.TotalSeconds;
        var pauseSeconds = GC.GetTotalPauseDuration().TotalSeconds;
        return new SiloResources
        {
            Silo = _silo.SiloAddress.ToParsableString(),
            At = now,
            ProcessorCount = Environment.ProcessorCount,
            CpuSeconds = cpuSeconds,
            CpuUtilization = _cpu.Add(now, cpuSeconds) / Environment.ProcessorCount,
            WorkingSetBytes = Environment.WorkingSet,
            AvailableMemoryBytes = memory.TotalAvailableMemoryBytes,
            GcHeapBytes = memory.HeapSizeBytes,
            GcPauseSeconds = pauseSeconds,
            GcPauseRatio = _gcPause.Add(now, pauseSeconds),
            ThreadPoolQueueLength = ThreadPool.PendingWorkItemCount,
            ThreadPoolThreads = ThreadPool.ThreadCount,
            KafkaLag = _readsKafka ? KafkaStreamMetrics.MaxLag() : null,
            DeadLetters = _readsKafka ? KafkaStreamMetrics.DeadLetters : 0,
            GpuUtilization = gpus.Count == 0 ? null : gpus.Max(g => g.Utilization),
            GpuMemoryUsedBytes = gpus.Count == 0 ? null : gpus.Sum(g => g.MemoryUsedBytes),
            GpuMemoryTotalBytes = gpus.Count == 0 ? null : gpus.Sum(g => g.MemoryTotalBytes),
        };
    }
}
