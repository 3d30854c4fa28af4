using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the <see cref="ApiKeyStore"/>; also <c>Authorization: ApiKey
/// &lt;key&gt;</c> for clients that cannot send a custom header (Prometheus 2.x scrape configs), and HTTP Basic with the
/// key as password for browsers (the Orleans Dashboard at <c>/dashboard/</c>, which answers 401 with a Basic challenge).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string AuthorizationPrefix = SchemeName + " ";

    private const string BasicPrefix = "Basic ";

    private const string DashboardPath = "/dashboard";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers.TryGetValue(RecRoles.ApiKeyHeader, out var values) && !string.IsNullOrEmpty(values.ToString())
            ? values.ToString()
            : KeyFromAuthorization(Request.Headers.Authorization.ToString());
        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!keys.TryFind(key, out var role, out var identity))
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, identity), new Claim(ClaimTypes.Role, role)],
            SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <summary>Browsers ask for the key (as a password) only when challenged: the dashboard's pages challenge, the API does not.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Request.Path.StartsWithSegments(DashboardPath, StringComparison.OrdinalIgnoreCase))
        {
            Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans.Rec operator key\", charset=\"UTF-8\"";
        }

        return base.HandleChallengeAsync(properties);
    }

    private static string? KeyFromAuthorization(string authorization)
    {
        if (authorization.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[AuthorizationPrefix.Length..].Trim();
        }

        if (!authorization.StartsWith(BasicPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // user:password, the user name is ignored.
        var encoded = authorization[BasicPrefix.Length..].Trim();
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return null;
        }

        var credentials = System.Text.Encoding.UTF8.GetString(bytes, 0, length);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : credentials[(colon + 1)..];
    }
}
