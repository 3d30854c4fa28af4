using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header, or <c>Authorization: ApiKey &lt;key&gt;</c> for clients that cannot send a
/// custom header (Prometheus 2.x scrape configs), against the <see cref="ApiKeyStore"/>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string AuthorizationPrefix = SchemeName + " ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers.TryGetValue(RecRoles.ApiKeyHeader, out var values) && !string.IsNullOrEmpty(values.ToString())
            ? values.ToString()
            : Request.Headers.Authorization.ToString() is { } authorization && authorization.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase)
                ? authorization[AuthorizationPrefix.Length..].Trim()
                : null;
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
}
