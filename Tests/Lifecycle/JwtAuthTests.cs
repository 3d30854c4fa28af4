using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>JWT bearer tokens (the cluster profile's Entra ID) as an alternative to keys: app roles map to the two roles.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class JwtAuthTests(LifecycleFixture fixture)
{
    private const string Issuer = "https://issuer.rec.test/v2.0";
    private const string Audience = "api://orleans-rec";

    [Fact]
    public async Task BearerToken_RolesDecideAccess_AndTheAuditNamesTheUser()
    {
        var signingKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        await using var gateway = new GatewayFactory(
            fixture.Cluster,
            new Dictionary<string, string> { ["Rec:Auth:Jwt:Authority"] = Issuer, ["Rec:Auth:Jwt:Audience"] = Audience },
            services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                // The test issuer has no discovery document: its configuration and key are given here.
                var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                configuration.SigningKeys.Add(signingKey);
                o.Configuration = configuration;
                o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            }));
        using var http = gateway.CreateClient(null);
        using var keyed = gateway.CreateClient();
        var model = ApiCalls.NewId("jwt");
        await fixture.Operator.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        var user = ApiCalls.NewId("user");

        var shop = await SendAsync(http, Token(signingKey, "shop-app", "Rec.Shop"), $"/v1/users/{user}/profile");
        var shopOnModels = await SendAsync(http, Token(signingKey, "shop-app", "Rec.Shop"), $"/v1/models/{model}/audit");
        var op = await SendAsync(http, Token(signingKey, "alice@example.com", "Rec.Operator"), $"/v1/models/{model}/traffic", HttpMethod.Put);
        var noRole = await SendAsync(http, Token(signingKey, "bob", "Something.Else"), $"/v1/users/{user}/profile");
        var forged = await SendAsync(http, Token(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), "eve", "Rec.Operator"), $"/v1/models/{model}/audit");
        var key = await SendAsync(keyed, null, $"/v1/models/{model}/audit");

        // Only the configured role names count: a token whose role is the platform's own role name gets nothing.
        var literalOperator = await SendAsync(http, Token(signingKey, "mallory", "operator"), $"/v1/models/{model}/audit");
        var literalShop = await SendAsync(http, Token(signingKey, "mallory", "shop"), $"/v1/users/{user}/profile");

        // Issuer and audience are validated as well as the signature.
        var otherIssuer = await SendAsync(http, Token(signingKey, "eve", "Rec.Operator", issuer: "https://other.test/v2.0"), $"/v1/models/{model}/audit");
        var otherAudience = await SendAsync(http, Token(signingKey, "eve", "Rec.Operator", audience: "api://another-app"), $"/v1/models/{model}/audit");

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.OK],
            new[] { shop, shopOnModels, op, noRole, forged, key });
        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            new[] { literalOperator, literalShop, otherIssuer, otherAudience });
        Assert.Equal([LifecycleCalls.OperatorIdentity, "jwt:alice@example.com"], (await fixture.Operator.AuditAsync(model)).Select(a => a.Actor));
    }

    private static string Token(SecurityKey key, string user, string role, string issuer = Issuer, string audience = Audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        Expires = DateTime.UtcNow.AddMinutes(5),
        Claims = new Dictionary<string, object> { ["preferred_username"] = user, ["roles"] = new[] { role } },
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string? token, string path, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (method == HttpMethod.Put)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
