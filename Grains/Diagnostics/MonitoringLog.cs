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
}
