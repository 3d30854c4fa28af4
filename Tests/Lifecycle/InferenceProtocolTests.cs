using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>The Open Inference Protocol (KServe v2 REST) endpoints, requests and errors as in the spec's examples.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class InferenceProtocolTests(LifecycleFixture fixture)
{
    private readonly HttpClient _http = fixture.Operator;

    [Fact]
    public async Task HealthAndServerMetadata_AnswerInTheSpecShapes()
    {
        Assert.Equal("""{"live":true}""", await fixture.Anonymous.GetStringAsync("/v2/health/live"));
        Assert.Equal("""{"ready":true}""", await fixture.Anonymous.GetStringAsync("/v2/health/ready"));
        using var server = JsonDocument.Parse(await _http.GetStringAsync("/v2"));
        Assert.Equal("orleans-rec", server.RootElement.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(server.RootElement.GetProperty("version").GetString()));
        Assert.Equal(0, server.RootElement.GetProperty("extensions").GetArrayLength());
    }

    [Fact]
    public async Task ModelMetadataAndReady_DescribeTheActiveVersionAndAnyVersion()
    {
        var model = ApiCalls.NewId("oipmeta");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        await _http.ActivateAsync(model, 1);
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));

        var metadata = await _http.GetStringAsync($"/v2/models/{model}");
        using var ready = await _http.GetAsync($"/v2/models/{model}/ready");
        using var notLoaded = await _http.GetAsync($"/v2/models/{model}/versions/2/ready");
        using var unknown = await _http.GetAsync($"/v2/models/{model}/versions/9");

        Assert.Equal(
            "{\"name\":\"" + model + "\",\"versions\":[\"1\",\"2\"],\"platform\":\"onnxruntime_onnx\","
            + "\"inputs\":[{\"name\":\"history\",\"datatype\":\"INT64\",\"shape\":[-1,-1]},{\"name\":\"k\",\"datatype\":\"INT64\",\"shape\":[1]}],"
            + "\"outputs\":[{\"name\":\"scores\",\"datatype\":\"FP32\",\"shape\":[-1,-1]},{\"name\":\"items\",\"datatype\":\"INT64\",\"shape\":[-1,-1]}]}",
            metadata);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("{\"name\":\"" + model + "\",\"ready\":true}", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notLoaded.StatusCode);
        Assert.Equal("{\"name\":\"" + model + "\",\"ready\":false}", await notLoaded.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("{\"error\":\"model '" + model + "' has no version 9\"}", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Infer_WithABatchOfHistories_ReturnsTheTopKOfEachRow()
    {
        var model = ApiCalls.NewId("oipinfer");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        await _http.ActivateAsync(model, 1);
        const string Request = """
            {"id":"42","inputs":[
              {"name":"history","shape":[2,2],"datatype":"INT64","data":[[0,1],[0,2]]},
              {"name":"k","shape":[1],"datatype":"INT64","data":[3]}]}
            """;

        using var response = await _http.PostAsync($"/v2/models/{model}/infer", Json(Request));
        using var versioned = await _http.PostAsync($"/v2/models/{model}/versions/1/infer", Json(Request.Replace("\"id\":\"42\",", "", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "{\"model_name\":\"" + model + "\",\"model_version\":\"1\",\"id\":\"42\",\"outputs\":["
            + "{\"name\":\"scores\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":[1,0.9,0.5,1,0.5,0.1]},"
            + "{\"name\":\"items\",\"shape\":[2,3],\"datatype\":\"INT64\",\"data\":[1,4,3,2,3,4]}]}",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        using var body = JsonDocument.Parse(await versioned.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Infer_WithRequestedOutputs_ReturnsOnlyThose()
    {
        var model = ApiCalls.NewId("oipout");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        await _http.ActivateAsync(model, 1);

        using var response = await _http.PostAsync(
            $"/v2/models/{model}/infer",
            Json("""{"inputs":[{"name":"history","shape":[1,1],"datatype":"INT32","data":[3]}],"outputs":[{"name":"items"}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var outputs = body.RootElement.GetProperty("outputs");
        Assert.Equal(1, outputs.GetArrayLength());
        Assert.Equal("items", outputs[0].GetProperty("name").GetString());
        Assert.Equal(4, outputs[0].GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"history","shape":[1,1],"datatype":"FP32","data":[1.5]}]}""", "input 'history' must have datatype INT64 or INT32, not 'FP32'")]
    [InlineData("""{"inputs":[{"name":"history","shape":[1,3],"datatype":"INT64","data":[1,2]}]}""", "input 'history' has 2 elements, which does not match its shape [1,3]")]
    [InlineData("""{"inputs":[{"name":"clicks","shape":[1,1],"datatype":"INT64","data":[1]}]}""", "unexpected input 'clicks'; the model's inputs are history, k")]
    [InlineData("""{"inputs":[{"name":"history","shape":[1,1],"datatype":"INT64","data":[9]}]}""", "history item indices must be between 0 (padding) and 4")]
    [InlineData("""{"inputs":[{"name":"k","shape":[1],"datatype":"INT64","data":[2]}]}""", "input 'history' is required")]
    [InlineData("""{"inputs":[]}""", "the request must have at least one input")]
    [InlineData("""{"inputs":[{"name":"history","shape":[1,1],"datatype":"INT64","data":[1]}],"outputs":[{"name":"logits"}]}""", "unexpected output 'logits'; the model's outputs are scores, items")]
    public async Task Infer_WhenTheRequestIsWrong_Answers400WithAnErrorBody(string request, string error)
    {
        var model = ApiCalls.NewId("oipbad");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));
        await _http.ActivateAsync(model, 1);

        using var response = await _http.PostAsync($"/v2/models/{model}/infer", Json(request));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Infer_WhenTheModelOrVersionIsUnknown_Answers404WithAnErrorBody()
    {
        var model = ApiCalls.NewId("oipnone");
        const string Request = """{"inputs":[{"name":"history","shape":[1,1],"datatype":"INT64","data":[1]}]}""";

        using var noModel = await _http.PostAsync($"/v2/models/{model}/infer", Json(Request));
        using var noVersion = await _http.PostAsync($"/v2/models/{model}/versions/x/infer", Json(Request));

        Assert.Equal(HttpStatusCode.NotFound, noModel.StatusCode);
        Assert.Equal($"{{\"error\":\"model '{model}' has no active version\"}}", await noModel.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
        Assert.Equal($"{{\"error\":\"model '{model}' has no version 'x'\"}}", await noVersion.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
