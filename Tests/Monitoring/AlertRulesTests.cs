using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>Alert rules per model: built-in ones, adding, validating and deleting.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertRulesTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Rules_WhenModelIsNew_AreTheBuiltInOnes()
    {
        var model = await NewModelAsync("rules");

        var rules = await RulesAsync(model);

        Assert.Equal(
            [
                new AlertRuleResponse("p99-latency", "p99LatencyMs", ">", 250, 300, "warning", null, false, false, null, true),
                new AlertRuleResponse("error-ratio", "errorRatio", ">", 0.05, 300, "critical", null, false, false, null, true),
                new AlertRuleResponse("shed-ratio", "shedRatio", ">", 0.01, 300, "warning", null, false, false, null, true),
                new AlertRuleResponse("recall-at-k", "recallAtK", "<", 0.01, 900, "warning", null, false, false, null, true),
                new AlertRuleResponse("f1", "f1", "<", 0.01, 900, "warning", null, false, false, null, true),
                new AlertRuleResponse("throughput-drop", "throughputRatio", "<", 0.5, 300, "warning", null, false, false, null, true),
                new AlertRuleResponse("readiness", "readySilosFraction", "<", 1, 120, "critical", null, false, false, null, true),
                new AlertRuleResponse("kafka-lag", "kafkaLag", ">", 100_000, 300, "warning", null, false, false, null, true),
                new AlertRuleResponse("dead-letter-rate", "deadLetterRate", ">", 0.1, 300, "warning", null, false, false, null, true),
                new AlertRuleResponse("cpu", "cpuUtilization", ">", 0.9, 300, "warning", null, false, false, null, true),
                new AlertRuleResponse("memory", "memoryRatio", ">", 0.9, 60, "critical", null, false, false, null, true),
                new AlertRuleResponse("gc-pause", "gcPauseRatio", ">", 0.1, 300, "warning", null, false, false, null, true),
                new AlertRuleResponse("thread-pool-queue", "threadPoolQueue", ">", 100, 120, "warning", null, false, false, null, true),
            ],
            rules);
    }

    [Fact]
    public async Task AddAndDelete_WhenValid_ChangeTheRulesInForce()
    {
        var model = await NewModelAsync("rulescrud");

        using var added = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new
        {
            id = "canary-hits",
            metric = "hitRate",
            comparison = "lt",
            threshold = -0.02,
            windowSeconds = 600,
            severity = "critical",
            version = 2,
            compareWithControl = true,
            autoRollback = true,
            webhookUrl = "https://hooks.example.com/services/T000/SECRET",
        });
        using var duplicate = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { id = "canary-hits", metric = "errorRatio", comparison = ">", threshold = 0.1 });
        using var deletedBuiltIn = await _http.DeleteAsync($"/v1/models/{model}/alerts/rules/shed-ratio");
        using var deletedAgain = await _http.DeleteAsync($"/v1/models/{model}/alerts/rules/shed-ratio");
        using var generated = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { metric = "ingestLag", comparison = ">", threshold = 60 });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var expected = new AlertRuleResponse("canary-hits", "hitRate", "<", -0.02, 600, "critical", 2, true, true, "https://hooks.example.com/…", false);
        Assert.Equal(expected, await added.Content.ReadFromJsonAsync<AlertRuleResponse>(ApiCalls.Json));
        Assert.Equal($"/v1/models/{model}/alerts/rules/canary-hits", added.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deletedBuiltIn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var generatedRule = (await generated.Content.ReadFromJsonAsync<AlertRuleResponse>(ApiCalls.Json))!;
        Assert.Matches("^rule-[0-9a-f]{8}$", generatedRule.Id);
        Assert.Equal(("warning", 300), (generatedRule.Severity, generatedRule.WindowSeconds));
        var rules = await RulesAsync(model);
        Assert.Equal(
            ["p99-latency", "error-ratio", "recall-at-k", "f1", "throughput-drop", "readiness", "kafka-lag", "dead-letter-rate", "cpu", "memory", "gc-pause", "thread-pool-queue", "canary-hits", generatedRule.Id],
            rules.Select(r => r.Id));
        Assert.Equal(expected, await _http.GetFromJsonAsync<AlertRuleResponse>($"/v1/models/{model}/alerts/rules/canary-hits", ApiCalls.Json));
    }

    [Fact]
    public async Task Add_WhenRuleIsInvalid_Is400WithEveryProblem()
    {
        var model = await NewModelAsync("rulesbad");

        using var response = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new
        {
            id = "Bad Id",
            metric = "p50",
            comparison = "=",
            windowSeconds = 0,
            severity = "page",
            version = 0,
            webhookUrl = "ftp://example.com/x",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json))!;
        Assert.Equal(["comparison", "id", "metric", "severity", "threshold", "version", "webhookUrl", "windowSeconds"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["must be one of p99LatencyMs, errorRatio, shedRatio, precisionAtK, hitRate, ingestLag, recallAtK, f1, throughputRatio, readySilosFraction, kafkaLag, deadLetterRate, cpuUtilization, memoryRatio, gcPauseRatio, threadPoolQueue"], problem.Errors["metric"]);
        Assert.Equal(["must be between 1 and 86400"], problem.Errors["windowSeconds"]);
        Assert.Equal(AlertRules.BuiltIn.Count, (await RulesAsync(model)).Count);
    }

    [Fact]
    public async Task Rules_WhenModelUnknownOrCallerAShop_AreRefused()
    {
        var model = ApiCalls.NewId("rulesnone");
        using var shop = fixture.Gateway.CreateClient(GatewayFactory.ShopKey);

        using var unknown = await _http.GetAsync($"/v1/models/{model}/alerts/rules");
        using var unknownAdd = await _http.PostAsJsonAsync($"/v1/models/{model}/alerts/rules", new { metric = "errorRatio", comparison = ">", threshold = 0.1 });
        using var forbidden = await shop.GetAsync($"/v1/models/{model}/alerts/rules");
        using var badState = await _http.GetAsync("/v1/alerts?state=open");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownAdd.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
    }

    private async Task<string> NewModelAsync(string prefix)
    {
        var model = ApiCalls.NewId(prefix);
        await _http.DeployTinyModelAsync(model, TinyModel.ItemsFor(model));
        return model;
    }

    private async Task<IReadOnlyList<AlertRuleResponse>> RulesAsync(string model) =>
        (await _http.GetFromJsonAsync<AlertRulesResponse>($"/v1/models/{model}/alerts/rules", ApiCalls.Json))!.Rules;
}
