using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>Creates ONNX Runtime sessions on the configured device, falling back to CPU when CUDA cannot load.</summary>
public sealed class OnnxSessionFactory(IOptions<InferenceOptions> options, ILogger<OnnxSessionFactory> logger)
{
    /// <summary>A session, the device it actually runs on and, on CUDA, the device id.</summary>
    public sealed record Created(InferenceSession Session, string Device, int DeviceId = 0);

    /// <summary>A CPU session for inspection (validation at upload): never touches a GPU.</summary>
    public static InferenceSession CreateForInspection(byte[] artifact)
    {
        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        return new InferenceSession(artifact, sessionOptions);
    }

    /// <summary>A CPU session optimized as for serving, used to measure a quantized model's agreement at upload.</summary>
    public static InferenceSession CreateForProbe(byte[] artifact, ArtifactQuantization quantization)
    {
        using var sessionOptions = NewOptions(new InferenceOptions { IntraOpThreads = 1 }, quantization);
        return new InferenceSession(artifact, sessionOptions);
    }

    public Created Create(string model, int version, ModelConfig config, byte[] artifact, ArtifactQuantization quantization = ArtifactQuantization.None)
    {
        var settings = options.Value;
        var device = settings.Device ?? config.Device;
        var deviceId = settings.Device is null ? config.DeviceId : settings.DeviceId;
        if (string.Equals(device, "cuda", StringComparison.OrdinalIgnoreCase) && CudaDevices.Detection is { Available: false } missing)
        {
            RecLog.CudaFallback(logger, model, version, deviceId, missing.Reason);
        }
        else if (string.Equals(device, "cuda", StringComparison.OrdinalIgnoreCase))
        {
            using var cudaOptions = NewOptions(settings, quantization);
            try
            {
                cudaOptions.AppendExecutionProvider_CUDA(deviceId);
                return new Created(new InferenceSession(artifact, cudaOptions), "cuda", deviceId);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                RecLog.CudaFallback(logger, model, version, deviceId, e.Message);
            }
        }

        using var cpuOptions = NewOptions(settings, quantization);
        return new Created(new InferenceSession(artifact, cpuOptions), "cpu");
    }

    private static SessionOptions NewOptions(InferenceOptions settings, ArtifactQuantization quantization)
    {
        var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (settings.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = settings.IntraOpThreads;
        }

        // Spinning intra-op threads would steal cores from the Orleans scheduler between requests.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (quantization == ArtifactQuantization.Int8)
        {
            // Fold DequantizeLinear over the int8 tables once at load; otherwise every call dequantizes them again.
            sessionOptions.AddSessionConfigEntry("session.disable_quant_qdq", "1");
        }
        return sessionOptions;
    }
}
