using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Inference;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.EndToEnd;

/// <summary>
/// <c>./run.sh</c>'s two shapes as real processes: by default one silo process serves the REST API (one hop), with
/// <c>/metrics</c> and the dashboard operator-only on the API's port and open on the silo's telemetry port;
/// <c>REC_SHAPE=gateway</c> runs the silo without the API and the Client.Api gateway in front of it.
/// </summary>
public sealed class RunShapeTests
{
    private const string OperatorKey = "shape-operator-key-0123456789";
    private const string ShopKey = "shape-shop-key-0123456789";

    [Fact]
    public async Task RunScript_ByDefault_ServesTheApiFromTheSiloProcess()
    {
        await using var platform = await StartAsync(shape: null);

        Assert.Contains("(REST API in the silo)", platform.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("gateway pid=", platform.Process.Output, StringComparison.Ordinal);

        // One process answers both ports: the API's /metrics needs the operator key, the silo's telemetry port does not.
        Assert.Equal(HttpStatusCode.Unauthorized, await platform.Api.StatusOfAsync("/metrics"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusWithKeyAsync(platform.Api, "/metrics", ShopKey));
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(platform.Api, "/metrics", OperatorKey));
        Assert.Equal(HttpStatusCode.OK, await platform.Telemetry.StatusOfAsync("/metrics"));
        Assert.Equal(HttpStatusCode.Unauthorized, await platform.Api.StatusOfAsync("/dashboard/"));
        Assert.Equal(HttpStatusCode.OK, await platform.Telemetry.StatusOfAsync("/dashboard/"));

        await AssertServesAsync(platform);
    }

    [Fact]
    public async Task RunScript_WithGatewayShape_ServesTheApiFromTheGatewayProcess()
    {
        await using var platform = await StartAsync(shape: "gateway");

        Assert.Contains("gateway pid=", platform.Process.Output, StringComparison.Ordinal);

        // The silo serves only its telemetry; the API is the gateway's.
        Assert.Equal(HttpStatusCode.NotFound, await platform.Telemetry.StatusOfAsync("/v1/models"));
        Assert.Equal(HttpStatusCode.OK, await platform.Telemetry.StatusOfAsync("/metrics"));
        Assert.Equal(HttpStatusCode.Unauthorized, await platform.Api.StatusOfAsync("/metrics"));

        await AssertServesAsync(platform);
    }

    /// <summary>An event in, the profile and a (fallback) recommendation out, with the shop key.</summary>
    private static async Task AssertServesAsync(Platform platform)
    {
        using var shop = new HttpRequestMessage(HttpMethod.Post, "/v1/events")
        {
            Content = new StringContent("""{"eventId":"e1","userId":"shape-user","itemId":"i1","type":"view"}""", new MediaTypeHeaderValue("application/json")),
        };
        shop.Headers.Add(RecRoles.ApiKeyHeader, ShopKey);
        using (var posted = await platform.Api.SendAsync(shop))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        platform.Api.DefaultRequestHeaders.Add(RecRoles.ApiKeyHeader, ShopKey);
        var profile = await platform.Api.ProfileWithEventsAsync("shape-user", 1);
        Assert.Equal(1, profile.EventCount);
        var recs = await platform.Api.RecommendAsync("shape-user", 5);
        Assert.Equal(("recommender", true, (FallbackReason?)FallbackReason.NoActiveModel), (recs.Model, recs.Fallback, recs.FallbackReason));
    }

    private static async Task<HttpStatusCode?> StatusWithKeyAsync(HttpClient http, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(RecRoles.ApiKeyHeader, key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<Platform> StartAsync(string? shape)
    {
        var work = new TempDirectory("rec-shape");
        var api = $"http://127.0.0.1:{FreePort.Next()}";
        var telemetry = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string>
        {
            ["Rec__DataDir"] = Path.Combine(work.Path, "data"),
            ["ASPNETCORE_URLS"] = api,
            ["Rec__Silo__HttpUrl"] = telemetry,
            ["Rec__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Rec__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Rec__Auth__OperatorKeys__0"] = OperatorKey,
            ["Rec__Auth__ShopKeys__0"] = ShopKey,
            ["REC_NO_BUILD"] = "1",
            ["REC_CONFIGURATION"] = Repository.Configuration,
        };
        if (shape is not null)
        {
            environment["REC_SHAPE"] = shape;
        }

        var process = ChildProcess.Start("bash", [Path.Combine(Repository.Root, "run.sh")], environment);
        var platform = new Platform(work, process, new HttpClient { BaseAddress = new Uri(api) }, new HttpClient { BaseAddress = new Uri(telemetry) });
        var ready = await Eventually.GetAsync(() => platform.Api.StatusOfAsync("/health/ready"), s => s == HttpStatusCode.OK || process.HasExited, TimeSpan.FromSeconds(90));
        if (ready != HttpStatusCode.OK)
        {
            await platform.DisposeAsync();
            Assert.Fail($"run.sh ({shape ?? "default"}) did not become ready ({ready}):\n{process.Output}");
        }

        return platform;
    }

    private sealed record Platform(TempDirectory Work, ChildProcess Process, HttpClient Api, HttpClient Telemetry) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Api.Dispose();
            Telemetry.Dispose();
            Process.Terminate();
            var stopped = await Process.WaitAsync(TimeSpan.FromSeconds(45));
            Process.Dispose();
            Work.Dispose();
            Assert.True(stopped is not null, $"run.sh did not stop on SIGTERM:\n{Process.Output}");
        }
    }
}
