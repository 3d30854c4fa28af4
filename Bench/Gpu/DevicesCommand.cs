using Microsoft.ML.OnnxRuntime;

namespace Orleans.Rec.Bench.Gpu;

/// <summary>Lists what ONNX Runtime sees: available providers and the execution-provider devices it detected.</summary>
public sealed class DevicesCommand : IBenchmarkCommand
{
    public string Name => "devices";

    public string Description => "list ONNX Runtime providers and detected EP devices (OrtEnv.GetEpDevices)";

    public Task<int> RunAsync(string[] args)
    {
        var env = OrtEnv.Instance();
        Console.WriteLine($"ONNX Runtime {env.GetVersionString()}; providers: {string.Join(", ", env.GetAvailableProviders())}");
        Print(env);
        var library = Path.Combine(AppContext.BaseDirectory, "libonnxruntime_providers_cuda.so");
        try
        {
            // The CUDA provider as a plug-in EP library: its devices appear only once it is registered.
            env.RegisterExecutionProviderLibrary("CUDA", library);
            Console.WriteLine($"registered {library}");
            Print(env);
        }
        catch (OnnxRuntimeException e)
        {
            Console.WriteLine($"registering {library} failed: {e.Message.Split('\n')[0]}");
        }

        return Task.FromResult(0);
    }

    private static void Print(OrtEnv env)
    {
        foreach (var device in env.GetEpDevices())
        {
            Console.WriteLine($"ep device: {device.EpName} ({device.EpVendor}) on {device.HardwareDevice.Type} vendor {device.HardwareDevice.Vendor} id {device.HardwareDevice.DeviceId}");
        }
    }
}
