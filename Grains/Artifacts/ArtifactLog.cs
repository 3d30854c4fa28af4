using Microsoft.Extensions.Logging;
using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>Log messages of the artifact pipeline, stores and keys, with stable event ids (4000-4999). Key ids only, never keys.</summary>
internal static partial class ArtifactLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Stored artifact {Folder}: {PlaintextBytes} bytes → {CiphertextBytes} bytes at rest ({Compression}, quantization {Quantization}, key {KeyId}) in {ElapsedMs} ms")]
    public static partial void Stored(ILogger logger, string folder, long plaintextBytes, long ciphertextBytes, string compression, ArtifactQuantization quantization, string keyId, long elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Re-wrapped {Count} data keys under key {KeyId}")]
    public static partial void Rewrapped(ILogger logger, int count, string keyId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Created the local key file {Path} with key {KeyId}; back it up: artifacts cannot be read without it")]
    public static partial void KeyFileCreated(ILogger logger, string path, string keyId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Artifact store {Store}; active key-encryption key {KeyId} ({Count} keys held)")]
    public static partial void KeysReady(ILogger logger, string store, string keyId, int count);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Quantized {Folder} to {Quantization}: {UploadedBytes} → {QuantizedBytes} bytes, top-{K} agreement {Agreement:0.0000}")]
    public static partial void Quantized(ILogger logger, string folder, ArtifactQuantization quantization, long uploadedBytes, long quantizedBytes, int k, double agreement);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Refused {Folder}: {Quantization} top-{K} agreement {Agreement:0.0000} is below the minimum {Minimum}")]
    public static partial void AgreementTooLow(ILogger logger, string folder, ArtifactQuantization quantization, int k, double agreement, double minimum);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Model {Model} v{Version} not activated: its artifact could not be opened ({Failure}): {Reason}")]
    public static partial void ActivationRefused(ILogger logger, string model, int version, ArtifactFailure failure, string reason);
}
