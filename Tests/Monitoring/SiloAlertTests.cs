using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>
/// Silo metrics evaluated for real: the history grain reads every silo's resources through its agent, and a rule on
/// them fires for version "0", naming a silo; a threshold no silo reaches does not fire.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloAlertTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task SiloRule_WhenEverySiloIsOverTheThreshold_FiresForVersionZeroNamingASilo_AndOneNoSiloReachesDoesNot()
    {
        var model = ApiCalls.NewId("silorule");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        await _http.ActivateAsync(model, 1);
        var silos = (await fixture.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.Select(s => s.ToParsableString()).ToArray();
        // CPU utilisation and thread-pool queue are never negative: these fire once two reads of a silo are in the window.
        await AddRuleAsync(model, new { id = "cpu-any", metric = "cpuUtilization", comparison = ">", threshold = -1, windowSeconds = 60 });
        await AddRuleAsync(model, new { id = "queue-any", metric = "threadPoolQueue", comparison = ">", threshold = -1, windowSeconds = 60 });
        await AddRuleAsync(model, new { id = "queue-never", metric = "threadPoolQueue", comparison = ">", threshold = 1e12, windowSeconds = 60 });

        var firing = await Eventually.GetAsync(
            () => AlertsAsync($"/v1/models/{model}/alerts?state=firing"),
            a => a.Any(x => x.RuleId == "cpu-any") && a.Any(x => x.RuleId == "queue-any"),
            Timeout);

        var cpu = Assert.Single(firing, a => a.RuleId == "cpu-any");
        Assert.Equal(("0", "cpuUtilization"), (cpu.Version, cpu.Metric));
        Assert.Contains(cpu.Silo, silos);
        Assert.InRange(cpu.Value, 0, 1);
        Assert.Equal("0", Assert.Single(firing, a => a.RuleId == "queue-any").Version);
        Assert.DoesNotContain(firing, a => a.RuleId == "queue-never");
        Assert.DoesNotContain(await AlertsAsync($"/v1/models/{model}/alerts?state=all"), a => a.RuleId == "queue-never");
    }

    [Fact]
    public async Task SiloRule_WithAVersionOrAControlComparison_IsRefusedWithEveryProblem()
    {
        var model = ApiCalls.NewId("silobad");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));

        using var response = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { metric = "kafkaLag", comparison = ">", threshold = 10, version = 1, compareWithControl = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Equal(["must be absent: kafkaLag belongs to the silos, not to a version"], problem.Errors["version"]);
        Assert.Equal(["compareWithControl and autoRollback need a version metric; kafkaLag belongs to the silos"], problem.Errors["compareWithControl"]);
    }

    private async Task AddRuleAsync(string model, object rule)
    {
        using var response = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", rule);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<IReadOnlyList<AlertResponse>> AlertsAsync(string path) =>
        (await _http.GetFromJsonAsync<AlertsResponse>(path, ApiCalls.Json))!.Alerts;
}
