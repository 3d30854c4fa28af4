using System.Runtime.InteropServices;

namespace Orleans.Rec.Diagnostics;

/// <summary>
/// NVIDIA GPUs read through NVML (<c>libnvidia-ml.so.1</c>, installed with the driver): utilisation and memory per
/// device. <see cref="TryOpen"/> answers null where there is no such library, it lacks a function used here, or NVML
/// finds no driver or no device: a machine without a GPU is an expected case, not an error. The library is bound by
/// hand (<see cref="NativeLibrary.TryLoad(string, out IntPtr)"/> and function pointers) so that none of those cases
/// throws.
/// </summary>
public sealed unsafe class NvmlGpu
{
    /// <summary>The library the NVIDIA driver installs.</summary>
    public const string LibraryName = "libnvidia-ml.so.1";

    private const int Success = 0;

    private readonly delegate* unmanaged<IntPtr, Utilization*, int> _utilization;
    private readonly delegate* unmanaged<IntPtr, Memory*, int> _memory;
    private readonly IntPtr[] _devices;

    private NvmlGpu(IntPtr[] devices, delegate* unmanaged<IntPtr, Utilization*, int> utilization, delegate* unmanaged<IntPtr, Memory*, int> memory)
    {
        _devices = devices;
        _utilization = utilization;
        _memory = memory;
    }

    /// <summary>Devices found.</summary>
    public int DeviceCount => _devices.Length;

    /// <summary>
    /// Loads <paramref name="library"/>, initialises NVML and finds its devices; null, with the reason in
    /// <paramref name="reason"/>, when any step fails (the library is then released).
    /// </summary>
    public static NvmlGpu? TryOpen(string library, out string reason)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            reason = $"{library} not found";
            return null;
        }

        var gpu = TryInitialise(handle, out reason);
        if (gpu is null)
        {
            NativeLibrary.Free(handle);
        }

        return gpu;
    }

    /// <summary>Each device's figures now; a device NVML cannot read at the moment is left out.</summary>
    public IReadOnlyList<GpuReading> Read()
    {
        var readings = new List<GpuReading>(_devices.Length);
        for (var i = 0; i < _devices.Length; i++)
        {
            Utilization utilization;
            Memory memory;
            if (_utilization(_devices[i], &utilization) == Success && _memory(_devices[i], &memory) == Success)
            {
                readings.Add(new GpuReading(i, utilization.Gpu / 100.0, (long)memory.Used, (long)memory.Total));
            }
        }

        return readings;
    }

    private static NvmlGpu? TryInitialise(IntPtr handle, out string reason)
    {
        if (!NativeLibrary.TryGetExport(handle, "nvmlInit_v2", out var init)
            || !NativeLibrary.TryGetExport(handle, "nvmlDeviceGetCount_v2", out var count)
            || !NativeLibrary.TryGetExport(handle, "nvmlDeviceGetHandleByIndex_v2", out var byIndex)
            || !NativeLibrary.TryGetExport(handle, "nvmlDeviceGetUtilizationRates", out var utilization)
            || !NativeLibrary.TryGetExport(handle, "nvmlDeviceGetMemoryInfo", out var memory))
        {
            reason = "the library lacks an NVML function (nvmlInit_v2, nvmlDeviceGetCount_v2, nvmlDeviceGetHandleByIndex_v2, nvmlDeviceGetUtilizationRates or nvmlDeviceGetMemoryInfo)";
            return null;
        }

        var status = ((delegate* unmanaged<int>)init)();
        if (status != Success)
        {
            reason = $"nvmlInit_v2 returned {status}";
            return null;
        }

        uint devices;
        status = ((delegate* unmanaged<uint*, int>)count)(&devices);
        if (status != Success || devices == 0)
        {
            reason = status != Success ? $"nvmlDeviceGetCount_v2 returned {status}" : "NVML found no device";
            return null;
        }

        var handles = new IntPtr[devices];
        for (uint i = 0; i < devices; i++)
        {
            IntPtr device;
            status = ((delegate* unmanaged<uint, IntPtr*, int>)byIndex)(i, &device);
            if (status != Success)
            {
                reason = $"nvmlDeviceGetHandleByIndex_v2({i}) returned {status}";
                return null;
            }

            handles[i] = device;
        }

        reason = string.Empty;
        return new NvmlGpu(handles, (delegate* unmanaged<IntPtr, Utilization*, int>)utilization, (delegate* unmanaged<IntPtr, Memory*, int>)memory);
    }

    /// <summary><c>nvmlUtilization_t</c>: percent of the last sample period the GPU (and its memory) was busy.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Utilization
    {
        public uint Gpu;
        public uint Memory;
    }

    /// <summary><c>nvmlMemory_t</c>, in bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Memory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }
}
