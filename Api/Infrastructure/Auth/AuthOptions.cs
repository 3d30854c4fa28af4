namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>Who may call the gateway, under <c>Rec:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Rec:Auth";

    /// <summary>Keys that may call events, recommendations and profiles (header <c>X-Api-Key</c>).</summary>
    public string[] ShopKeys { get; set; } = [];

    /// <summary>Keys that may call everything.</summary>
    public string[] OperatorKeys { get; set; } = [];

    /// <summary>
    /// When no keys and no JWT are configured (the local profile), generate one key of each role on first start into
    /// <c>&lt;DataDir&gt;/api-keys.json</c> (mode 0600) and use them from then on.
    /// </summary>
    public bool GenerateKeys { get; set; } = true;

    /// <summary>JWT bearer tokens (e.g. Entra ID) as an alternative to keys.</summary>
    public JwtAuthOptions Jwt { get; set; } = new();

    /// <summary>Requests per caller (key or token subject; anonymous callers by address).</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}
