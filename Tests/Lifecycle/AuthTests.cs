using System.Net;
using System.Text;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>Every endpoint × no key / shop key / operator key; rate limiting per key.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class AuthTests(LifecycleFixture fixture)
{
    private enum Access
    {
        Anyone,
        Shop,
        Operator,
    }

    /// <summary>Every endpoint of the gateway and who may call it (models that do not exist: calls change nothing).</summary>
    private static readonly (HttpMethod Method, string Path, Access Access, string? Body)[] Endpoints =
    [
        (HttpMethod.Get, "/health/live", Access.Anyone, null),
        (HttpMethod.Get, "/health/ready", Access.Anyone, null),
        (HttpMethod.Get, "/v2/health/live", Access.Anyone, null),
        (HttpMethod.Get, "/v2/health/ready", Access.Anyone, null),
        (HttpMethod.Post, "/v1/events", Access.Shop, """{"userId":"auth-user","itemId":"auth-item","type":"view"}"""),
        (HttpMethod.Get, "/v1/users/auth-user/recommendations?k=2&model=auth-none", Access.Shop, null),
        (HttpMethod.Get, "/v1/users/auth-user/profile", Access.Shop, null),
        (HttpMethod.Post, "/v1/models/auth-none/versions", Access.Operator, null),
        (HttpMethod.Get, "/v1/models/auth-none/versions", Access.Operator, null),
        (HttpMethod.Get, "/v1/models/auth-none/versions/1", Access.Operator, null),
        (HttpMethod.Get, "/v1/models/auth-none/versions/1/status", Access.Operator, null),
        (HttpMethod.Post, "/v1/models/auth-none/versions/1/activate", Access.Operator, null),
        (HttpMethod.Delete, "/v1/models/auth-none/versions/1", Access.Operator, null),
        (HttpMethod.Get, "/v1/models/auth-none/versions/1/config", Access.Operator, null),
        (HttpMethod.Put, "/v1/models/auth-none/versions/1/config", Access.Operator, "{}"),
        (HttpMethod.Get, "/v1/models/auth-none/versions/1/config/history", Access.Operator, null),
        (HttpMethod.Post, "/v1/models/auth-none/rollback", Access.Operator, null),
        (HttpMethod.Get, "/v1/models/auth-none/traffic", Access.Operator, null),
        (HttpMethod.Put, "/v1/models/auth-none/traffic", Access.Operator, """{"splits":{"1":100}}"""),
        (HttpMethod.Get, "/v1/models/auth-none/compare?a=1&b=2", Access.Operator, null),
        (HttpMethod.Get, "/v1/models/auth-none/audit", Access.Operator, null),
        (HttpMethod.Get, "/v2", Access.Operator, null),
        (HttpMethod.Get, "/v2/models/auth-none", Access.Operator, null),
        (HttpMethod.Get, "/v2/models/auth-none/versions/1", Access.Operator, null),
        (HttpMethod.Get, "/v2/models/auth-none/ready", Access.Operator, null),
        (HttpMethod.Get, "/v2/models/auth-none/versions/1/ready", Access.Operator, null),
        (HttpMethod.Post, "/v2/models/auth-none/infer", Access.Operator, "{}"),
        (HttpMethod.Post, "/v2/models/auth-none/versions/1/infer", Access.Operator, "{}"),
        (HttpMethod.Get, "/openapi/v1.json", Access.Operator, null),
        (HttpMethod.Get, "/v1/models", Access.Operator, null),
        (HttpMethod.Get, "/metrics", Access.Operator, null),
        (HttpMethod.Get, "/ops/", Access.Anyone, null),
        (HttpMethod.Get, "/ops/ops.js", Access.Anyone, null),
        (HttpMethod.Get, "/dashboard/", Access.Operator, null),
    ];

    [Fact]
    public async Task EveryEndpoint_AnswersByRole_401WithoutKey_403ForTheWrongRole()
    {
        var wrong = new List<string>();
        foreach (var (method, path, access, body) in Endpoints)
        {
            foreach (var (caller, key) in new[] { ("none", (string?)null), ("unknown", "not-a-key-of-this-gateway"), ("shop", GatewayFactory.ShopKey), ("operator", GatewayFactory.OperatorKey) })
            {
                using var request = new HttpRequestMessage(method, path);
                if (key is not null)
                {
                    request.Headers.Add(RecRoles.ApiKeyHeader, key);
                }

                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                using var response = await fixture.Anonymous.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = (access, caller) switch
                {
                    (Access.Anyone, _) => "allowed",
                    (_, "none" or "unknown") => "401",
                    (Access.Operator, "shop") => "403",
                    _ => "allowed",
                };
                var actual = status is 401 or 403 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "allowed";
                if (actual != expected)
                {
                    wrong.Add($"{method} {path} as {caller}: {status}, expected {expected}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    /// <summary>For clients that cannot send X-Api-Key (a Prometheus 2.x scrape config): <c>Authorization: ApiKey KEY</c>.</summary>
    [Fact]
    public async Task AuthorizationHeader_WithApiKeyScheme_AuthenticatesLikeXApiKey()
    {
        var statuses = new List<string>();
        foreach (var authorization in new[]
        {
            $"ApiKey {GatewayFactory.OperatorKey}", $"apikey {GatewayFactory.OperatorKey}", $"ApiKey {GatewayFactory.ShopKey}", "ApiKey not-a-key-of-this-gateway",
            Basic($"anyone:{GatewayFactory.OperatorKey}"), Basic($"anyone:{GatewayFactory.ShopKey}"), Basic(GatewayFactory.OperatorKey), $"Basic {GatewayFactory.OperatorKey}",
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var response = await fixture.Anonymous.SendAsync(request);
            statuses.Add($"{authorization.Split(' ')[0]} {(int)response.StatusCode}");
        }

        // Basic: the key is the password (a value without "user:" or not base64 is no key).
        Assert.Equal(["ApiKey 200", "apikey 200", "ApiKey 403", "ApiKey 401", "Basic 200", "Basic 403", "Basic 401", "Basic 401"], statuses);

        static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
    }

    /// <summary>The Orleans Dashboard on the gateway: operator-only, and a browser is asked for the key (HTTP Basic).</summary>
    [Fact]
    public async Task Dashboard_OnTheGateway_ChallengesBrowsersForTheOperatorKey()
    {
        using var anonymous = await fixture.Anonymous.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic realm=\"Orleans.Rec operator key\", charset=\"UTF-8\"", anonymous.Headers.WwwAuthenticate.ToString());

        using var shop = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        shop.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"shop:{GatewayFactory.ShopKey}")));
        using var forbidden = await fixture.Anonymous.SendAsync(shop);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var op = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        op.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{GatewayFactory.OperatorKey}")));
        using var page = await fixture.Anonymous.SendAsync(op);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The API never challenges (a browser would pop up a password box over the operator page).
        using var api = await fixture.Anonymous.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Empty(api.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task RateLimit_IsPerKey_AndAnswers429WithRetryAfter()
    {
        await using var gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string>
        {
            ["Rec:Auth:RateLimit:PermitLimit"] = "3",
            ["Rec:Auth:RateLimit:Window"] = "01:00:00",
        });
        using var shop = gateway.CreateClient(GatewayFactory.ShopKey);
        using var op = gateway.CreateClient(GatewayFactory.OperatorKey);
        var user = ApiCalls.NewId("rl");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await shop.GetAsync($"/v1/users/{user}/profile");
            statuses.Add(response.StatusCode);
            if (i == 3)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 says when to retry");
            }
        }

        using var other = await op.GetAsync($"/v1/users/{user}/profile");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
