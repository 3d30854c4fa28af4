namespace Orleans.Rec.Diagnostics;

/// <summary>One GPU's figures from NVML.</summary>
/// <param name="Index">NVML's device index.</param>
/// <param name="Utilization">Share of NVML's last sample period the GPU was busy (0..1).</param>
/// <param name="MemoryUsedBytes">Device memory in use.</param>
/// <param name="MemoryTotalBytes">Device memory.</param>
public sealed record GpuReading(int Index, double Utilization, long MemoryUsedBytes, long MemoryTotalBytes);
