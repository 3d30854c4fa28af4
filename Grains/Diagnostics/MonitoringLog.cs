using Microsoft.Extensions.Logging;

namespace Orleans.Rec.Diagnostics;

/// <summary>Log messages of monitoring and online accuracy, with stable event ids (6000-6999).</summary>
internal static partial class MonitoringLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Profile {UserId} had more than {Capacity} open attribution windows; dropped {Dropped} of the oldest uncounted")]
    public static partial void WindowsDropped(ILogger logger, string userId, int capacity, int dropped);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Reporting {Count} closed attribution windows of {UserId} to {Monitor} failed; kept for the next flush")]
    public static partial void ReportFailed(ILogger logger, Exception exception, string userId, int count, string monitor);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Sampling the serving history of model {Model} failed; the next tick tries again")]
    public static partial void SampleFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "History of model {Model}: silo {Silo} did not answer ({Reason}); counted as not holding the model")]
    public static partial void SiloStatusFailed(ILogger logger, string model, string silo, string reason);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Alert FIRING: model {Model} v{Version} rule {RuleId} ({Severity}): {Metric} = {Value} {Comparison} {Threshold} over {WindowSeconds} s")]
    public static partial void AlertFired(ILogger logger, string model, int version, string ruleId, string severity, string metric, double value, string comparison, double threshold, int windowSeconds);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Alert resolved: model {Model} v{Version} rule {RuleId}: {Metric} = {Value} (fired at {FiredAt:o})")]
    public static partial void AlertResolved(ILogger logger, string model, int version, string ruleId, string metric, double? value, DateTimeOffset firedAt);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Alert rule {RuleId} rolled model {Model} back: the traffic split ended, v{Active} serves everyone instead of canary v{Version}")]
    public static partial void AutoRolledBack(ILogger logger, string model, string ruleId, int version, int active);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Error, Message = "Alert rule {RuleId} could not roll model {Model} back from canary v{Version}")]
    public static partial void AutoRollbackFailed(ILogger logger, Exception exception, string model, string ruleId, int version);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning, Message = "Evaluating the alert rules of model {Model} failed; the next tick tries again")]
    public static partial void EvaluationFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Warning, Message = "Alert notification of model {Model} rule {RuleId} v{Version} dropped: the notification buffer is full")]
    public static partial void AlertNotificationDropped(ILogger logger, string model, string ruleId, int version);

    [LoggerMessage(EventId = 6016, Level = LogLevel.Debug, Message = "Alert {State} of model {Model} rule {RuleId} delivered to {Webhook} (attempt {Attempt})")]
    public static partial void WebhookDelivered(ILogger logger, string model, string ruleId, string state, string webhook, int attempt);

    [LoggerMessage(EventId = 6017, Level = LogLevel.Information, Message = "Alert webhook {Webhook} for model {Model} rule {RuleId} failed (attempt {Attempt}: {Failure}); retrying in {DelayMs} ms")]
    public static partial void WebhookRetry(ILogger logger, string model, string ruleId, string webhook, int attempt, string failure, double delayMs);

    [LoggerMessage(EventId = 6018, Level = LogLevel.Error, Message = "Alert {State} of model {Model} rule {RuleId} not delivered to {Webhook} after {Attempts} attempts (last: {Failure})")]
    public static partial void WebhookGaveUp(ILogger logger, string model, string ruleId, string state, string webhook, int attempts, string failure);

    [LoggerMessage(EventId = 6019, Level = LogLevel.Warning, Message = "Alert of model {Model} rule {RuleId} not published to Kafka: {Reason}")]
    public static partial void AlertPublishFailed(ILogger logger, string model, string ruleId, string reason);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Warning, Message = "Writing accuracy monitor {Monitor} failed; kept for the next write")]
    public static partial void MonitorWriteFailed(ILogger logger, Exception exception, string monitor);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Warning, Message = "Waking the history and alert grains of the catalog's models failed; the next round tries again")]
    public static partial void KeepAliveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Information, Message = "GPU metrics on: NVML found {Devices} device(s)")]
    public static partial void GpuFound(ILogger logger, int devices);

    [LoggerMessage(EventId = 6023, Level = LogLevel.Information, Message = "GPU metrics off: {Reason}")]
    public static partial void GpuAbsent(ILogger logger, string reason);

    [LoggerMessage(EventId = 6024, Level = LogLevel.Warning, Message = "The analysis of model {Model}'s alert {RuleId} could not be made; the alert goes out without it: {Reason}")]
    public static partial void AnalysisFailed(ILogger logger, string model, string ruleId, string reason);
}
