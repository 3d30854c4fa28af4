using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>The per-model serving history through a two-silo cluster and the real gateway.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelHistoryTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Sample_WhenKnownRequestsAreServed_CountsExactlyThoseWithBatchSizeOneAndNoErrors()
    {
        var (model, items, user) = await _http.DeployTinyWithViewerAsync("hist");
        var history = fixture.Client.GetGrain<IModelHistoryGrain>(model);
        var start = await history.SampleAsync();

        // Seven requests one after another: seven batches of one. The timer may split them over several samples.
        for (var i = 0; i < 7; i++)
        {
            await _http.RecommendAsync(user, 2, model);
        }

        await history.SampleAsync();
        var samples = (await history.GetHistoryAsync(TimeSpan.FromHours(1))).Versions.Single(v => v.Version == 1).Samples
            .Where(s => s.At > start.Single(v => v.Version == 1).Samples[0].At)
            .ToArray();

        Assert.Equal(7, samples.Sum(s => s.Requests));
        Assert.Equal(7, samples.Sum(s => s.Batches));
        Assert.Equal(7, samples.Sum(s => s.LatencyBuckets.Sum()));
        Assert.All(samples.Where(s => s.Requests > 0), s =>
        {
            Assert.Equal(1.0, s.MeanBatchSize);
            Assert.Equal(s.Requests / s.IntervalSeconds, s.RequestsPerSecond, 9);
            Assert.Equal(0, s.ErrorRatio);
            Assert.Equal(0, s.ShedRatio);
            Assert.InRange(s.P50Ms!.Value, 0, s.P95Ms!.Value);
            Assert.InRange(s.P95Ms.Value, s.P50Ms.Value, s.P99Ms!.Value);
            Assert.Equal(LatencyPercentiles.Of(s.LatencyBuckets, 0.99), s.P99Ms);
        });
        Assert.All(samples, s =>
        {
            Assert.Equal(2, s.SilosActive);
            Assert.Equal(2, s.SilosLoaded);
            Assert.Null(s.PrecisionAtK);
            Assert.Null(s.HitRate);
            Assert.Equal(0, s.Impressions);
        });
    }

    [Fact]
    public async Task History_WhenOperatorAsks_AnswersTheContractInCamelCase()
    {
        var (model, items, user) = await _http.DeployTinyWithViewerAsync("histapi");
        var history = fixture.Client.GetGrain<IModelHistoryGrain>(model);
        await history.SampleAsync();
        await _http.RecommendAsync(user, 2, model);
        await history.SampleAsync();

        using var response = await _http.GetAsync($"/v1/models/{model}/history?minutes=60");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(model, root.GetProperty("model").GetString());
        Assert.Equal(1, root.GetProperty("intervalSeconds").GetDouble());
        var version = Assert.Single(root.GetProperty("versions").EnumerateArray());
        Assert.Equal("1", version.GetProperty("version").GetString());
        var sample = version.GetProperty("samples").EnumerateArray().Last();
        string[] expected = ["at", "requestsPerSecond", "p50Ms", "p95Ms", "p99Ms", "meanBatchSize", "errorRatio", "shedRatio", "precisionAtK", "recallAtK", "hitRate", "impressions", "requests"];
        Assert.Equal(expected, sample.EnumerateObject().Select(p => p.Name));
        Assert.EndsWith("Z", sample.GetProperty("at").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, sample.GetProperty("precisionAtK").ValueKind);
        Assert.Equal(JsonValueKind.Number, sample.GetProperty("errorRatio").ValueKind);
        var all = version.GetProperty("samples").EnumerateArray().Sum(s => s.GetProperty("requests").GetInt64());
        Assert.Equal(1, all);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1441")]
    public async Task History_WhenMinutesOutOfRange_Is400(string minutes)
    {
        using var response = await _http.GetAsync($"/v1/models/{ApiCalls.NewId("histbad")}/history?minutes={minutes}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal(["must be between 1 and 1440"], problem!.Errors["minutes"]);
    }

    [Fact]
    public async Task History_WhenModelUnknown_Is404Problem()
    {
        using var response = await _http.GetAsync($"/v1/models/{ApiCalls.NewId("histnone")}/history");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task History_WhenCallerIsAShop_IsForbidden()
    {
        using var shop = fixture.Gateway.CreateClient(GatewayFactory.ShopKey);

        using var response = await shop.GetAsync($"/v1/models/{ApiCalls.NewId("histshop")}/history");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
