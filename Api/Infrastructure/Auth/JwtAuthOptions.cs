namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>JWT bearer settings under <c>Rec:Auth:Jwt</c>; enabled when <see cref="Authority"/> is set.</summary>
public sealed class JwtAuthOptions
{
    /// <summary>The token issuer's authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must carry (the gateway's application id URI or client id).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim holding the caller's roles (Entra ID app roles: <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The role value that grants operator rights.</summary>
    public string OperatorRole { get; set; } = "Rec.Operator";

    /// <summary>The role value that grants shop rights.</summary>
    public string ShopRole { get; set; } = "Rec.Shop";

    /// <summary>True when tokens are accepted.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
