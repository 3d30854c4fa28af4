using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Orleans.Rec.Api.Infrastructure.Auth;

namespace Orleans.Rec.Silo;

/// <summary>
/// <c>/metrics</c> and the Orleans Dashboard (which shows grain state) on a silo that does not serve the REST API:
/// open on a loopback <c>Rec:Silo:HttpUrl</c>, behind the operator key (<c>Rec:Auth</c>) on any other address.
/// </summary>
public static class SiloOperations
{
    public static WebApplicationBuilder AddSiloOperations(this WebApplicationBuilder builder, SiloListeners listen)
    {
        if (!listen.TelemetryIsLocal)
        {
            builder.AddRecAuth(openTelemetryPort: null);
            builder.Services.AddSingleton<IValidateOptions<AuthOptions>>(new OperatorCredentialsRequired(builder.Configuration[SiloTelemetry.HttpUrlKey]!));
        }

        return builder;
    }

    public static WebApplication MapSiloOperations(this WebApplication app, SiloListeners listen)
    {
        // Probes carry no key: /health/ready says whether this silo serves (the served versions are loaded here).
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        if (listen.TelemetryIsLocal)
        {
            app.MapPrometheusScrapingEndpoint();
            app.MapOrleansDashboard(routePrefix: "/dashboard");
            return app;
        }

        app.UseRecAuth();
        app.MapPrometheusScrapingEndpoint().RequireAuthorization(RecRoles.Telemetry);
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(RecRoles.Telemetry);
        return app;
    }

    /// <summary>An exposed telemetry listener needs a key to check: none configured (and none generated) fails the start.</summary>
    private sealed class OperatorCredentialsRequired(string url) : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
            options.OperatorKeys.Length > 0 || options.Jwt.Enabled
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Rec:Auth:OperatorKeys (or Rec:Auth:Jwt:Authority) is required: {SiloTelemetry.HttpUrlKey} '{url}' is not a loopback address, so /metrics and /dashboard/ there need the operator key.");
    }
}
