using Microsoft.Extensions.Logging;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Diagnostics;

/// <summary>Every log message of the silo side, with stable event ids (1000-1999; the Cluster profile 7000-7999).</summary>
internal static partial class RecLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Trace, Message = "File storage '{Storage}' wrote {GrainId} ({Bytes} bytes)")]
    public static partial void StateWritten(ILogger logger, string storage, string grainId, int bytes);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Loaded model {Model} v{Version} on {Device} in {ElapsedMs} ms ({Items} items)")]
    public static partial void ModelLoaded(ILogger logger, string model, int version, string device, long elapsedMs, int items);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "CUDA execution provider could not be loaded for model {Model} v{Version} (device {DeviceId}); falling back to CPU: {Reason}")]
    public static partial void CudaFallback(ILogger logger, string model, int version, int deviceId, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Loading model {Model} v{Version} failed")]
    public static partial void ModelLoadFailed(ILogger logger, Exception exception, string model, int version);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Model {Model} v{Version} now serves with config revision {Revision}")]
    public static partial void ConfigApplied(ILogger logger, string model, int version, int revision);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Checking model configs for changes failed")]
    public static partial void ConfigRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Model {Model} v{Version} registered by {CreatedBy} ({Bytes} bytes, {Items} items)")]
    public static partial void VersionRegistered(ILogger logger, string model, int version, string createdBy, long bytes, int items);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Model {Model} upload refused: {Reason}")]
    public static partial void VersionRefused(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Model {Model} v{Version} activated by {ActivatedBy} (previous: {Previous})")]
    public static partial void VersionActivated(ILogger logger, string model, int version, string activatedBy, string previous);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Profile {UserId} dropped {Count} event(s) of other users")]
    public static partial void ForeignEvent(ILogger logger, string userId, int count);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Profile stream error for {UserId}")]
    public static partial void StreamError(ILogger logger, Exception exception, string userId);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Partition {Partition}: {Events} events for {UserId} not applied (attempt {Attempt}); retrying")]
    public static partial void PartitionDeliveryRetry(ILogger logger, Exception exception, string partition, int events, string userId, int attempt);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Partition stream error for {Partition}")]
    public static partial void PartitionStreamError(ILogger logger, Exception exception, string partition);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Profile {UserId} did not take its served lists; trying again one write-behind later")]
    public static partial void ServedTakeFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Popularity flush failed; {Items} item counts kept for the next try")]
    public static partial void PopularityFlushFailed(ILogger logger, Exception exception, int items);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Impression for {UserId} not published: {Reason}")]
    public static partial void ImpressionFailed(ILogger logger, string userId, string reason);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Log storage opened {Folder}: {Keys} keys in {Segments} segments")]
    public static partial void LogOpened(ILogger logger, string folder, int keys, int segments);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Log storage: {Segment} ends in a write a crash left unfinished at offset {Offset} (never acknowledged); {Bytes} bytes moved to {Quarantine}")]
    public static partial void LogTornTailQuarantined(ILogger logger, string segment, long offset, long bytes, string quarantine);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Warning, Message = "Log storage: {Segment} has a damaged record at offset {Offset}; the {Bytes} bytes from there on (acknowledged records may be among them) moved to {Quarantine}. Later segments are intact; see docs/durability.md")]
    public static partial void LogCorruptTailQuarantined(ILogger logger, string segment, long offset, long bytes, string quarantine);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Error, Message = "Log storage {Folder}: a group of {Writes} writes failed")]
    public static partial void LogWriteFailed(ILogger logger, Exception exception, string folder, int writes);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Log storage: compacted and deleted {Segment} ({Bytes} bytes)")]
    public static partial void LogSegmentCompacted(ILogger logger, string segment, long bytes);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Warning, Message = "Log storage: compacting {Segment} failed; it is kept")]
    public static partial void LogCompactionFailed(ILogger logger, Exception exception, string segment);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Warning, Message = "Log storage: the old state file of {GrainId} could not be deleted; the log holds its state now")]
    public static partial void LegacyFileNotDeleted(ILogger logger, Exception exception, string grainId);

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "Pushed list of user {UserId} (burst {Sequence}) was not published: {Reason}; the burst waits and is tried again")]
    public static partial void PushPublishFailed(ILogger logger, string userId, long sequence, string reason);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Computing the pushed list of user {UserId} for model {Model} failed; the burst waits and is tried again")]
    public static partial void PushComputeFailed(ILogger logger, Exception exception, string userId, string model);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Push mode on this silo now covers {Models}")]
    public static partial void PushModelsChanged(ILogger logger, string models);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "The pushed list of user {UserId} for model {Model} was not scored ({Refusal}); the burst waits and is tried again")]
    public static partial void PushRefused(ILogger logger, string userId, string model, InferenceRefusal refusal);

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Cluster profile: silo of {ServiceId}/{ClusterId} advertises {Address} (silo port {SiloPort}, gateway port {GatewayPort}); membership table {Table}, grain state in container {Container}, storage reached with {Credential}")]
    public static partial void ClusterProfileStarting(ILogger logger, string serviceId, string clusterId, string address, int siloPort, int gatewayPort, string table, string container, string credential);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Cluster profile: silo of {ServiceId}/{ClusterId} advertises {Address} (silo port {SiloPort}, gateway port {GatewayPort}); membership, grain state and reminders in Redis")]
    public static partial void ClusterProfileStartingOnRedis(ILogger logger, string serviceId, string clusterId, string address, int siloPort, int gatewayPort);
}
