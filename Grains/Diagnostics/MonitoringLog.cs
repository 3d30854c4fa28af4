using Microsoft.Extensions.Logging;

namespace Orleans.Rec.Diagnostics;

/// <summary>Log messages of monitoring and online accuracy, with stable event ids (6000-6999).</summary>
internal static partial class MonitoringLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Profile {UserId} had more than {Capacity} open attribution windows; dropped {Dropped} of the oldest uncounted")]
    public static partial void WindowsDropped(ILogger logger, string userId, int capacity, int dropped);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Reporting {Count} closed attribution windows of {UserId} to {Monitor} failed; kept for the next flush")]
    public static partial void ReportFailed(ILogger logger, Exception exception, string userId, int count, string monitor);
}
