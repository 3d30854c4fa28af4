namespace Orleans.Rec.Diagnostics;

/// <summary>
/// This process's GPUs, opened once through NVML: the GPU instruments exist only when a device was found
/// (<see cref="RecMetrics.ObserveGpu"/>), and silo resource reads carry GPU figures only then.
/// </summary>
public static class GpuMonitor
{
    private static readonly Lazy<(NvmlGpu? Gpu, string Reason)> Process = new(() => (Open(NvmlGpu.LibraryName, out var reason), reason));

    /// <summary>The process's GPUs; null without NVML or without a device.</summary>
    public static NvmlGpu? Current => Process.Value.Gpu;

    /// <summary>Why <see cref="Current"/> is null (empty when it is not).</summary>
    public static string AbsentReason => Process.Value.Reason;

    /// <summary>Opens NVML from <paramref name="library"/> and, when it finds a device, registers the GPU instruments.</summary>
    internal static NvmlGpu? Open(string library, out string reason)
    {
        var gpu = NvmlGpu.TryOpen(library, out reason);
        if (gpu is not null)
        {
            RecMetrics.ObserveGpu(gpu);
        }

        return gpu;
    }
}
