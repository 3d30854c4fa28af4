using System.Text.Json.Serialization;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Contracts;

/// <summary>One silo process's resources now (<c>GET /v1/silos</c>); GPU figures are absent (not zero) without a GPU.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="At">When it was read (UTC).</param>
/// <param name="ProcessorCount">Processors the process may use.</param>
/// <param name="CpuUtilization">CPU utilisation (0..1 of the processors) over the recent past (at least 10 s); null on a silo's first read.</param>
/// <param name="CpuSeconds">Process CPU time since start.</param>
/// <param name="WorkingSetBytes">Working set.</param>
/// <param name="AvailableMemoryBytes">Memory the process may use (container limit or machine).</param>
/// <param name="GcHeapBytes">Managed heap after the last collection.</param>
/// <param name="GcPauseRatio">Share of the recent past paused by garbage collection; null on a silo's first read.</param>
/// <param name="GcPauseSeconds">Time paused by garbage collection since start.</param>
/// <param name="ThreadPoolQueueLength">Work items waiting for a thread-pool thread.</param>
/// <param name="ThreadPoolThreads">Thread-pool threads.</param>
/// <param name="KafkaLag">Lag of the silo's most lagging Kafka partition; absent when it reads none.</param>
/// <param name="DeadLetters">Messages sent to the dead-letter topic since start.</param>
/// <param name="GpuUtilization">Busiest GPU's utilisation (0..1); absent without a GPU.</param>
/// <param name="GpuMemoryUsedBytes">GPU memory in use, all GPUs; absent without a GPU.</param>
/// <param name="GpuMemoryTotalBytes">GPU memory, all GPUs; absent without a GPU.</param>
public sealed record SiloResourcesResponse(
    string Silo,
    DateTime At,
    int ProcessorCount,
    double? CpuUtilization,
    double CpuSeconds,
    long WorkingSetBytes,
    long AvailableMemoryBytes,
    long GcHeapBytes,
    double? GcPauseRatio,
    double GcPauseSeconds,
    long ThreadPoolQueueLength,
    int ThreadPoolThreads,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? KafkaLag,
    long DeadLetters,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? GpuUtilization,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? GpuMemoryUsedBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? GpuMemoryTotalBytes)
{
    public static SiloResourcesResponse From(SiloResources r) => new(
        r.Silo,
        r.At.UtcDateTime,
        r.ProcessorCount,
        r.CpuUtilization,
        r.CpuSeconds,
        r.WorkingSetBytes,
        r.AvailableMemoryBytes,
        r.GcHeapBytes,
        r.GcPauseRatio,
        r.GcPauseSeconds,
        r.ThreadPoolQueueLength,
        r.ThreadPoolThreads,
        r.KafkaLag,
        r.DeadLetters,
        r.GpuUtilization,
        r.GpuMemoryUsedBytes,
        r.GpuMemoryTotalBytes);
}
