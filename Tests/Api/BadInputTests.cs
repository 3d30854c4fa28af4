using Orleans.Rec.Validation;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>Bad input gets a ProblemDetails with the right 4xx and names what is wrong.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Theory]
    [InlineData("""{"itemId":"i1","type":"view"}""", "userId", "is required")]
    [InlineData("""{"userId":"u1","type":"view"}""", "itemId", "is required")]
    [InlineData("""{"userId":"u1","itemId":"i1","type":"like"}""", "type", "'like' is not an event type; expected view, cart or purchase")]
    [InlineData("""{"userId":"u1","itemId":"i1"}""", "type", "is required: view, cart or purchase")]
    [InlineData("""{"userId":"u1","itemId":"i1","type":"view","timestamp":"yesterday"}""", "timestamp", "must be an ISO-8601 date-time or unix milliseconds")]
    [InlineData("""{"events":[{"userId":"u1","itemId":"i1","type":"view"},{"userId":"","itemId":"i1","type":"view"}]}""", "events[1].userId", InputRules.IdRule)]
    [InlineData("""{"events":[]}""", "events", "must hold at least one event")]
    [InlineData("""[1,2]""", "body", "expected an event object or {\"events\":[...]}")]
    public async Task PostEvents_WhenEventInvalid_Returns400NamingTheField(string body, string field, string message)
    {
        using var response = await _http.PostAsync("/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal([message], problem!.Errors[field]);
    }

    [Fact]
    public async Task PostEvents_WhenBatchOverLimit_Returns400()
    {
        var events = Enumerable.Range(0, 1001).Select(i => ApiCalls.View("u-big", $"i{i}")).ToArray();

        using var response = await _http.PostAsJsonAsync("/v1/events", new { events }, ApiCalls.Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal(["holds 1001 events; at most 1000 are accepted per request"], problem!.Errors["events"]);
    }

    [Fact]
    public async Task PostEvents_WhenBodyIsNotJson_Returns400()
    {
        using var response = await _http.PostAsync("/v1/events", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.StartsWith("is not valid JSON: ", problem!.Errors["body"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    [InlineData(-5)]
    public async Task Recommendations_WhenKOutOfRange_Returns400(int k)
    {
        using var response = await _http.GetAsync($"/v1/users/u1/recommendations?k={k}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal(["must be between 1 and 1000"], problem!.Errors["k"]);
    }

    [Fact]
    public async Task Recommendations_WhenModelNameInvalid_Returns400()
    {
        using var response = await _http.GetAsync("/v1/users/u1/recommendations?k=5&model=Bad%20Name");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.True(problem!.Errors.ContainsKey("model"));
    }

    [Fact]
    public async Task Upload_WhenArtifactIsNotOnnx_Returns400SayingSo()
    {
        var model = ApiCalls.NewId("junk");

        using var response = await _http.UploadAsync(model, Encoding.UTF8.GetBytes("this is not a model"), TinyModel.Config());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.StartsWith("artifact is not a loadable ONNX model: ", problem!.Detail, StringComparison.Ordinal);
        using var list = await _http.GetAsync($"/v1/models/{model}/versions");
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }

    [Fact]
    public async Task Upload_WhenConfigNamesAnInputTheModelLacks_Returns400NamingIt()
    {
        var config = TinyModel.Config();
        config = config with
        {
            Signature = config.Signature with
            {
                Inputs = [config.Signature.Inputs[0] with { Name = "hist" }, config.Signature.Inputs[1]],
            },
        };

        using var response = await _http.UploadAsync(ApiCalls.NewId("mismatch"), TinyModel.Artifact(), config);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Equal(
            "artifact does not match its config: config input 'hist' is not an input of the model (model inputs: history, k); model input 'history' is not declared in the config signature",
            problem!.Detail);
    }

    [Fact]
    public async Task Upload_WhenInputTypeDiffersFromTheModel_Returns400NamingIt()
    {
        var config = TinyModel.Config();
        config = config with
        {
            Signature = config.Signature with
            {
                Inputs = [config.Signature.Inputs[0] with { DataType = "int32" }, config.Signature.Inputs[1]],
            },
        };

        using var response = await _http.UploadAsync(ApiCalls.NewId("dtype"), TinyModel.Artifact(), config);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal("artifact does not match its config: input 'history' is int64 in the model but int32 in the config", problem!.Detail);
        Assert.Equal(["input 'history' is int64 in the model but int32 in the config"], problem.Errors["artifact"]);
    }

    [Fact]
    public async Task Upload_WhenTheConfigBreaksSeveralRules_Returns400ListingEveryOneByPath()
    {
        var config = TinyModel.Config();
        var json = System.Text.Json.JsonSerializer.SerializeToNode(config, ApiCalls.Json)!.AsObject();
        json["historyLength"] = "long";
        json["device"] = "tpu";
        json["signature"]!["outputs"]![1]!["dataType"] = "int32";
        json["itemIds"] = new System.Text.Json.Nodes.JsonArray("a", "a");

        using var response = await _http.UploadRawAsync(ApiCalls.NewId("rules"), TinyModel.Artifact(), json.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal(
            new Dictionary<string, string[]>
            {
                ["config.signature.outputs[1].dataType"] = ["itemIds tensor 'items' is int32; it must be int64"],
                ["config.itemIds"] = ["config itemIds contain duplicates"],
                ["config.historyLength"] = ["historyLength long is not a whole number"],
                ["config.device"] = ["device 'tpu' is not one of cpu, cuda"],
            },
            problem!.Errors);
    }

    [Fact]
    public async Task Upload_WhenPartsMissing_Returns400ListingEach()
    {
        using var response = await _http.UploadRawAsync(ApiCalls.NewId("parts"), artifact: null, configJson: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal(["is required: the ONNX model file"], problem!.Errors["artifact"]);
        Assert.Equal(["is required: the config.json written by rec train or rec init-config"], problem.Errors["config"]);
    }

    [Fact]
    public async Task Upload_WhenBodyIsNotMultipart_Returns415()
    {
        using var response = await _http.PostAsync($"/v1/models/{ApiCalls.NewId("raw")}/versions", new ByteArrayContent(TinyModel.Artifact()));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Equal("this route takes multipart/form-data bodies; send the Content-Type header with one of them", problem!.Detail);
    }

    [Fact]
    public async Task Upload_WhenMultipartHasNoBoundary_Returns400()
    {
        using var content = new ByteArrayContent(TinyModel.Artifact());
        content.Headers.ContentType = new("multipart/form-data");
        using var response = await _http.PostAsync($"/v1/models/{ApiCalls.NewId("raw")}/versions", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal(["must be multipart/form-data with the parts 'artifact' and 'config'"], problem!.Errors["body"]);
    }

    [Fact]
    public async Task Upload_WhenConfigIsNotJson_Returns400()
    {
        using var response = await _http.UploadRawAsync(ApiCalls.NewId("cfg"), TinyModel.Artifact(), "{ nope");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.StartsWith("is not JSON: ", problem!.Errors["config"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activate_WhenVersionDoesNotExist_Returns404()
    {
        var model = ApiCalls.NewId("missing");
        await _http.DeployTinyModelAsync(model, TinyModel.ItemsFor(model));

        using var response = await _http.PostAsync($"/v1/models/{model}/versions/7/activate", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Equal($"model '{model}' has no version 7", problem!.Detail);
    }

    [Fact]
    public async Task GetVersion_WhenModelUnknown_Returns404()
    {
        using var response = await _http.GetAsync($"/v1/models/{ApiCalls.NewId("ghost")}/versions/1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_WhenClusterUp_LiveAndReadyAreHealthy_AndOpenApiIsServed()
    {
        using var live = await _http.GetAsync("/health/live");
        using var ready = await _http.GetAsync("/health/ready");
        using var openApi = await _http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        using var doc = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/v1/events", paths);
        Assert.Contains("/v1/users/{userId}/recommendations", paths);
        Assert.Contains("/v1/models/{model}/versions/{version}/activate", paths);
    }

    [Fact]
    public void ModelKeys_WhenNameHasUpperCaseOrSlash_AreInvalid()
    {
        Assert.False(ModelKeys.IsValidModelName("Bad"));
        Assert.False(ModelKeys.IsValidModelName("a/b"));
        Assert.True(ModelKeys.IsValidModelName("recommender"));
    }

    [Fact]
    public void Names_WithATrailingNewline_AreInvalid()
    {
        // `$` matches before a final newline; the patterns end at `\z`.
        Assert.False(ModelKeys.IsValidModelName("recommender\n"));
        Assert.False(Orleans.Rec.Artifacts.KeyRing.IsValidKeyId("key-1\n"));
        Assert.True(Orleans.Rec.Artifacts.KeyRing.IsValidKeyId("key-1"));
        Assert.False(Orleans.Rec.Monitoring.AlertRules.IsValidId("rule-1\n"));
    }
}
