namespace Orleans.Rec.Api.Infrastructure;

/// <summary>Every log message of the gateway, with stable event ids (2000-2999).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Cluster connection attempt failed; retrying: {Reason}")]
    public static partial void ConnectRetry(ILogger logger, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Cluster unavailable while handling {Path}: {Reason}")]
    public static partial void ClusterUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Abandoning the upload of {Model} v{Version} failed: {Reason}")]
    public static partial void AbortFailed(ILogger logger, string model, int version, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Received {Model} v{Version}: {Bytes} bytes streamed in {Chunks} chunks")]
    public static partial void ArtifactReceived(ILogger logger, string model, int version, long bytes, int chunks);
}
