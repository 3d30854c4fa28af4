using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>
/// Every endpoint the running gateway maps, read from its <see cref="EndpointDataSource"/> (not a list kept by hand):
/// each is anonymous by design (health probes, the operator page's static files) or needs a role, and a call without a
/// key is refused. A new endpoint that forgets its policy falls to the operator-only fallback policy; one marked
/// anonymous that is not on the list below fails here.
/// </summary>
[Collection(LifecycleCollection.Name)]
public sealed class EndpointAuthTests(LifecycleFixture fixture)
{
    /// <summary>The endpoints that are open by design, by route pattern.</summary>
    private static readonly string[] AnonymousByDesign =
    [
        "/health/live", "/health/ready", "/v2/health/live", "/v2/health/ready", "/ops/", "/ops/{asset}",
    ];

    [Fact]
    public async Task EveryMappedEndpoint_IsAnonymousByDesignOrNeedsARole()
    {
        var services = fixture.Gateway.Services;
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (anonymous)
            {
                if (!AnonymousByDesign.Contains(pattern))
                {
                    wrong.Add($"{pattern}: anonymous, but not by design");
                }

                continue;
            }

            var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>())
                ?? await policies.GetFallbackPolicyAsync();
            if (!NeedsARole(policy))
            {
                wrong.Add($"{pattern}: no role required");
            }
        }

        Assert.True(endpoints.Length > 40, $"only {endpoints.Length} endpoints found");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task EveryMappedEndpoint_WithoutAKey_IsRefusedUnlessAnonymousByDesign()
    {
        var endpoints = fixture.Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var path = Concrete(endpoint);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT")
                {
                    // A body of the type the route takes: one of another type is refused (415) before credentials are checked.
                    var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
                    request.Content = new StringContent("{}", Encoding.UTF8);
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(accepts == "multipart/form-data" ? "multipart/form-data; boundary=b" : accepts);
                }

                using var response = await fixture.Anonymous.SendAsync(request);
                var refused = response.StatusCode == HttpStatusCode.Unauthorized;
                if (refused == AnonymousByDesign.Contains(pattern))
                {
                    wrong.Add($"{method} {path} ({pattern}): {(int)response.StatusCode}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    /// <summary>The roles policies, and the telemetry policy (the operator, or the silo's private listener).</summary>
    private static bool NeedsARole(AuthorizationPolicy? policy) =>
        policy is not null && policy.Requirements.Any(r => r is RolesAuthorizationRequirement { AllowedRoles: var roles } && roles.Any()
            || r is AssertionRequirement);

    /// <summary>The route with every parameter filled in (a model and version that do not exist: the calls change nothing).</summary>
    private static string Concrete(RouteEndpoint endpoint)
    {
        var segments = endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content == "int") || parameter.Name is "version" or "a" or "b" ? "1" : "enum-" + parameter.Name.ToLowerInvariant(),
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}
