namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>Per-caller rate limit under <c>Rec:Auth:RateLimit</c>: a fixed window of requests; excess → 429.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests one caller (one key or token; without one, one address) may make per window.</summary>
    public int PermitLimit { get; set; } = 10_000;

    /// <summary>
    /// Requests one address may make per window, whatever credentials it presents (a flood of made-up keys). Behind a
    /// proxy every request comes from its address: raise this to what the proxy carries.
    /// </summary>
    public int AddressPermitLimit { get; set; } = 50_000;

    /// <summary>The window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}
