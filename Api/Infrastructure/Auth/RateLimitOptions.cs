namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>Per-caller rate limit under <c>Rec:Auth:RateLimit</c>: a fixed window of requests; excess → 429.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests one caller may make per window.</summary>
    public int PermitLimit { get; set; } = 10_000;

    /// <summary>The window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}
