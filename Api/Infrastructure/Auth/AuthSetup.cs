using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>
/// API keys (<c>X-Api-Key</c>) or JWT bearer tokens; two roles; every endpoint operator-only unless it says
/// otherwise; a fixed-window rate limit per caller.
/// </summary>
public static class AuthSetup
{
    private const string Selector = "rec";

    /// <summary>The role claim type of a token's own identity: no token carries it, so its roles are only those mapped.</summary>
    private const string UnmappedRoleClaim = "rec:unmapped-role";

    /// <param name="builder">The host.</param>
    /// <param name="openTelemetryPort">A local port on which <c>/metrics</c> and <c>/dashboard/</c> need no key (the silo's telemetry listener), or null.</param>
    public static WebApplicationBuilder AddRecAuth(this WebApplicationBuilder builder, int? openTelemetryPort)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<ApiKeyStore>();

        var jwt = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>()?.Jwt ?? new JwtAuthOptions();
        var authentication = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API key or bearer token", o => o.ForwardDefaultSelector = context =>
                jwt.Enabled && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(o =>
            {
                o.Authority = jwt.Authority;
                o.Audience = jwt.Audience;
                o.MapInboundClaims = false;
                // The token's own role claims are not roles here (a token saying "operator" must not pass for one): only
                // the configured role names map to the platform's roles (MapRoles), on an identity of their own.
                o.TokenValidationParameters.RoleClaimType = UnmappedRoleClaim;
                o.Events = new JwtBearerEvents { OnTokenValidated = context => MapRoles(context.Principal, jwt) };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(RecRoles.Shop, p => p.RequireRole(RecRoles.Shop, RecRoles.Operator))
            .AddPolicy(RecRoles.Operator, p => p.RequireRole(RecRoles.Operator))
            .AddPolicy(RecRoles.Telemetry, p => p.RequireAssertion(context =>
                context.User.IsInRole(RecRoles.Operator)
                || (openTelemetryPort is int open && context.Resource is HttpContext http && http.Connection.LocalPort == open)))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(RecRoles.Operator).Build());

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            var limit = auth.Value.RateLimit;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;

            // Runs before authentication, so a flood costs no key check: callers are told apart by the credential they
            // present (unchecked) or, without one, by address; every address also has a limit of its own, so a flood
            // of made-up keys is limited too.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
                    PartitionOf(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 })),
                PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
                    AddressOf(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.AddressPermitLimit, Window = limit.Window, QueueLimit = 0 })));
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>The rate limiter, then authentication and authorization (every endpoint needs a policy; see AddRecAuth).</summary>
    /// <param name="app">The host.</param>
    /// <param name="beforeCredentials">Middleware that refuses requests by their shape alone, after the limiter and before any key or token is checked.</param>
    public static WebApplication UseRecAuth(this WebApplication app, Action<WebApplication>? beforeCredentials = null)
    {
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        if (!keys.HasKeys && !app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Jwt.Enabled)
        {
            AuthLog.NoCredentials(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthSetup)));
        }

        // The limiter first: a request over its caller's limit is refused before its key or token is checked.
        app.UseRateLimiter();
        beforeCredentials?.Invoke(app);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Callers are limited one by one, before anyone knows who they are: by the key or token they present, by address
    /// when they present none. The credential is only a partition's name here (never logged, never compared).
    /// </summary>
    private static string PartitionOf(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers[RecRoles.ApiKeyHeader].ToString() is { Length: > 0 } key)
        {
            return "key:" + key;
        }

        return headers.Authorization.ToString() is { Length: > 0 } authorization ? "auth:" + authorization : AddressOf(context);
    }

    private static string AddressOf(HttpContext context) => "ip:" + context.Connection.RemoteIpAddress;

    /// <summary>Token roles become the platform's roles; the caller is named by its username, app or subject.</summary>
    private static Task MapRoles(ClaimsPrincipal? principal, JwtAuthOptions jwt)
    {
        if (principal?.Identity is not ClaimsIdentity identity)
        {
            return Task.CompletedTask;
        }

        var roles = identity.FindAll(jwt.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var mapped = new List<Claim>();
        if (roles.Contains(jwt.OperatorRole))
        {
            mapped.Add(new Claim(ClaimTypes.Role, RecRoles.Operator));
        }

        if (roles.Contains(jwt.ShopRole))
        {
            mapped.Add(new Claim(ClaimTypes.Role, RecRoles.Shop));
        }

        var name = identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("azp")?.Value ?? identity.FindFirst("sub")?.Value ?? "unknown";
        mapped.Add(new Claim(ClaimTypes.Name, "jwt:" + name));
        principal.AddIdentity(new ClaimsIdentity(mapped, JwtBearerDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
        return Task.CompletedTask;
    }
}
