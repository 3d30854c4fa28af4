using System.Net;
using System.Net.Http.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>
/// The version comparison with two versions serving a split: latency percentiles and error ratios per version beside
/// the accuracy figures. Version 2 batches with a 100 ms queue delay, so none of its requests is answered faster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CompareLatencyTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Compare_WhenBothVersionsServeASplit_ShowsEachVersionsLatencyPercentilesAndErrorRatios()
    {
        var model = ApiCalls.NewId("cmplat");
        var items = TinyModel.ItemsFor(model);
        await UploadAsync(model, items, new BatchingConfig());
        await _http.ActivateAsync(model, 1);
        await UploadAsync(model, items, new BatchingConfig { MaxQueueDelay = TimeSpan.FromMilliseconds(100) });
        var users = Enumerable.Range(0, 16).Select(i => ApiCalls.NewId($"u{i}")).ToArray();
        await _http.SeedUsersAsync(users, items[0]);
        using (var put = await _http.PutTrafficAsync(model, """{"splits":{"1":50,"2":50}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var served = await Task.WhenAll(users.Select(u => _http.RecommendAsync(u, 2, model)));

        var compare = (await _http.GetFromJsonAsync<CompareResponse>($"/v1/models/{model}/compare?a=1&b=2", ApiCalls.Json))!;
        var a = compare.A.Online;
        var b = compare.B.Online;
        Assert.Equal([1, 2], served.Select(r => r.Version!.Value).Distinct().Order());
        // The warm-up run counts in requests but not in the latency buckets: a percentile means a request was answered.
        Assert.NotNull(a.P50Ms);
        Assert.True(a.P50Ms <= a.P95Ms && a.P95Ms <= a.P99Ms, $"a: p50 {a.P50Ms}, p95 {a.P95Ms}, p99 {a.P99Ms}");
        // Every request of version 2 waited the 100 ms batch delay: its median lies in the (64, 128] ms bucket or above.
        Assert.InRange(b.P50Ms!.Value, 64, 5000);
        Assert.True(b.P50Ms <= b.P95Ms && b.P95Ms <= b.P99Ms, $"b: p50 {b.P50Ms}, p95 {b.P95Ms}, p99 {b.P99Ms}");
        Assert.Equal((0L, 0.0, 0.0), (a.Failed, a.ErrorRatio, a.ShedRatio));
        Assert.Equal((0L, 0.0, 0.0), (b.Failed, b.ErrorRatio, b.ShedRatio));
        Assert.Equal(
            ["requests", "errorRate", "meanBatchMilliseconds", "p50Ms", "p95Ms", "p99Ms", "errorRatio", "shedRatio", "precisionAtK", "recallAtK", "f1", "hitRate"],
            compare.Online.Select(m => m.Name));
        Assert.Equal(new MetricComparison("p50Ms", a.P50Ms, b.P50Ms, b.P50Ms - a.P50Ms), compare.Online.Single(m => m.Name == "p50Ms"));
        Assert.Equal(new MetricComparison("p99Ms", a.P99Ms, b.P99Ms, b.P99Ms - a.P99Ms), compare.Online.Single(m => m.Name == "p99Ms"));
        Assert.Equal(new MetricComparison("errorRatio", 0, 0, 0), compare.Online.Single(m => m.Name == "errorRatio"));
    }

    private async Task UploadAsync(string model, string[] items, BatchingConfig batching)
    {
        using var upload = await _http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(items) with { Batching = batching });
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }
}
