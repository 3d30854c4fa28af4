namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>The two roles and the authorization policies named after them.</summary>
public static class RecRoles
{
    /// <summary>Events, recommendations and profiles.</summary>
    public const string Shop = "shop";

    /// <summary>Everything.</summary>
    public const string Operator = "operator";

    /// <summary>
    /// The policy of <c>/metrics</c> and <c>/dashboard/</c>: the operator, or any caller on the silo's own telemetry
    /// listener (<c>Rec:Silo:HttpUrl</c>, kept private) when the silo hosts the API.
    /// </summary>
    public const string Telemetry = "telemetry";

    /// <summary>The header carrying an API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The caller's identity for audit logs: <c>operator:1a2b3c4d</c> for keys, the token's name or subject otherwise.</summary>
    public static string Caller(HttpContext context) => context.User.FindFirst(System.Security.Claims.ClaimTypes.Name)?.Value ?? "anonymous";
}
