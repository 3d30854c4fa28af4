using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary><c>GET /v1/silos</c>: each active silo's process figures, read through its agent; operator only.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SilosApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Silos_ListEveryActiveSiloWithItsProcessFigures_AndNoGpuFiguresWithoutAGpu()
    {
        var hosts = (await fixture.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.Select(h => h.ToParsableString()).Order(StringComparer.Ordinal).ToArray();

        using var response = await fixture.Http.GetAsync("/v1/silos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<SilosResponse>(ApiCalls.Json);
        Assert.Equal(hosts, body!.Silos.Select(s => s.Silo));
        Assert.Empty(body.Unanswered);
        Assert.All(body.Silos, s =>
        {
            Assert.Equal(Environment.ProcessorCount, s.ProcessorCount);
            Assert.True(s.WorkingSetBytes > 0 && s.AvailableMemoryBytes >= s.WorkingSetBytes, $"working set {s.WorkingSetBytes} of {s.AvailableMemoryBytes}");
            Assert.True(s.CpuSeconds > 0, "the process has used CPU");
            Assert.True(s.ThreadPoolThreads > 0, "the thread pool has threads");
            Assert.Null(s.KafkaLag);
        });
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("silos")[0];
        Assert.False(json.TryGetProperty("kafkaLag", out _), "no Kafka partition read: no lag figure at all");
        if (GpuMonitor.Current is null)
        {
            Assert.All(["gpuUtilization", "gpuMemoryUsedBytes", "gpuMemoryTotalBytes"], name => Assert.False(json.TryGetProperty(name, out _), $"{name} is absent without a GPU"));
        }
    }

    [Fact]
    public async Task Silos_WhenCallerIsAShop_AreForbidden()
    {
        using var shop = fixture.Gateway.CreateClient(GatewayFactory.ShopKey);

        using var response = await shop.GetAsync("/v1/silos");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
