namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>Log messages of gateway authentication, event ids 5500-5599.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 5500, Level = LogLevel.Information, Message = "API keys {Action} in {Path} (send one as the X-Api-Key header)")]
    public static partial void KeyFile(ILogger logger, string path, string action);

    [LoggerMessage(EventId = 5501, Level = LogLevel.Warning, Message = "No API keys and no JWT authority are configured: every endpoint except health answers 401")]
    public static partial void NoCredentials(ILogger logger);
}
