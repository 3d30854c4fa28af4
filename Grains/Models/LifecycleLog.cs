using Microsoft.Extensions.Logging;

namespace Orleans.Rec.Models;

/// <summary>Log messages of the model lifecycle (rollback, traffic, retirement, shadow, preload), event ids 5000-5999.</summary>
internal static partial class LifecycleLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Model {Model} rolled back to v{Version} by {By} (from: {From})")]
    public static partial void RolledBack(ILogger logger, string model, int version, string by, string from);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Model {Model} traffic set by {By}: {Policy}")]
    public static partial void TrafficSet(ILogger logger, string model, string by, string policy);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Model {Model} v{Version} retired by {By}")]
    public static partial void Retired(ILogger logger, string model, int version, string by);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Shadow scoring of model {Model} v{Version} failed: {Reason}")]
    public static partial void ShadowFailed(ILogger logger, string model, int version, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Preloaded {Count} model versions on this silo in {ElapsedMs} ms")]
    public static partial void Preloaded(ILogger logger, int count, long elapsedMs);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Preloading model {Model} v{Version} on this silo failed; it loads on first use")]
    public static partial void PreloadFailed(ILogger logger, Exception exception, string model, int version);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Preloading the served models on this silo failed; they load on first use")]
    public static partial void PreloadListFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Unloading retired model {Model} v{Version} from silo {Silo} failed: {Reason}")]
    public static partial void UnloadFailed(ILogger logger, string model, int version, string silo, string reason);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning, Message = "Model {Model}: traffic policy revision {Revision} could not be handed to silo {Silo} ({Reason}); it picks it up within the cache's age limit")]
    public static partial void PolicyPushFailed(ILogger logger, string model, long revision, string silo, string reason);
}
