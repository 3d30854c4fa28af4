using System.Net;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>The gateway's Prometheus scrape endpoint is there, and only for operators.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TelemetryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Metrics_WhenOperatorScrapes_ReturnsPrometheusText()
    {
        var user = ApiCalls.NewId("user");
        await fixture.Http.PostEventsAsync(ApiCalls.View(user, "i1"));

        using var response = await fixture.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GatewayFactory.ShopKey, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Metrics_WhenCallerIsNoOperator_IsRefused(string? key, HttpStatusCode expected)
    {
        using var http = fixture.Gateway.CreateClient(key);

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(expected, response.StatusCode);
    }
}
