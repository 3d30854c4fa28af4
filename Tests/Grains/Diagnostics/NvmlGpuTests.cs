using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Tests.Grains.Diagnostics;

/// <summary>The NVML binding where there is no GPU: no exception, a reason, and no GPU instruments at all.</summary>
public sealed class NvmlGpuTests
{
    [Fact]
    public void TryOpen_WhenTheLibraryIsMissing_IsNullWithTheReason()
    {
        var gpu = NvmlGpu.TryOpen("libnvidia-ml-absent.so.1", out var reason);

        Assert.Null(gpu);
        Assert.Equal("libnvidia-ml-absent.so.1 not found", reason);
    }

    [Fact]
    public void TryOpen_WhenTheLibraryIsNotNvml_IsNullWithTheReason()
    {
        // libc loads, but exports none of NVML's functions.
        var gpu = NvmlGpu.TryOpen("libc.so.6", out var reason);

        Assert.Null(gpu);
        Assert.Equal("the library lacks an NVML function (nvmlInit_v2, nvmlDeviceGetCount_v2, nvmlDeviceGetHandleByIndex_v2, nvmlDeviceGetUtilizationRates or nvmlDeviceGetMemoryInfo)", reason);
    }

    [Fact]
    public void GpuInstruments_ExistOnlyWhereNvmlFoundADevice()
    {
        var gpu = GpuMonitor.Current;
        var published = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == RecMetrics.MeterName && instrument.Name.StartsWith("rec.gpu.", StringComparison.Ordinal))
                {
                    lock (published)
                    {
                        published.Add(instrument.Name);
                    }
                }
            },
        };
        listener.Start();

        if (NativeLibrary.TryLoad(NvmlGpu.LibraryName, out var handle))
        {
            // A machine with the NVIDIA driver: NVML may still find no device (then no instruments either).
            NativeLibrary.Free(handle);
            Assert.Equal(gpu is null ? [] : ["rec.gpu.utilization", "rec.gpu.memory.used", "rec.gpu.memory.total"], published.Distinct());
        }
        else
        {
            Assert.Null(gpu);
            Assert.Equal($"{NvmlGpu.LibraryName} not found", GpuMonitor.AbsentReason);
            Assert.Empty(published);
        }
    }
}
