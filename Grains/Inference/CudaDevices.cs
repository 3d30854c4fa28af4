using Microsoft.ML.OnnxRuntime;

namespace Orleans.Rec.Inference;

/// <summary>
/// Whether ONNX Runtime can use a CUDA GPU here, found the way ONNX Runtime itself sees devices: the CUDA provider
/// library is registered once as an execution-provider library, then <see cref="OrtEnv.GetEpDevices"/> must list a
/// CUDA device on a GPU. (<c>GetAvailableProviders()</c> lists CUDA even where no GPU or CUDA runtime exists.)
/// </summary>
public static class CudaDevices
{
    public const string ProviderLibrary = "libonnxruntime_providers_cuda.so";

    private static readonly Lazy<(bool Available, string Reason)> Probe = new(Detect);

    /// <summary>True with a description of the devices, or false with the reason CUDA cannot be used.</summary>
    public static (bool Available, string Reason) Detection => Probe.Value;

    private static (bool Available, string Reason) Detect()
    {
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, ProviderLibrary),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", ProviderLibrary),
        ];
        var library = candidates.FirstOrDefault(File.Exists);
        if (library is null)
        {
            return (false, $"{ProviderLibrary} is not beside the application");
        }

        var env = OrtEnv.Instance();
        try
        {
            env.RegisterExecutionProviderLibrary("CUDA", library);
        }
        catch (OnnxRuntimeException e)
        {
            return (false, e.Message.Split('\n', 2)[0].Trim());
        }

        var gpus = env.GetEpDevices().Count(d => d.EpName == "CUDAExecutionProvider" && d.HardwareDevice.Type == OrtHardwareDeviceType.GPU);
        return gpus > 0
            ? (true, $"{gpus} CUDA device(s)")
            : (false, "ONNX Runtime detected no CUDA device (OrtEnv.GetEpDevices)");
    }
}
