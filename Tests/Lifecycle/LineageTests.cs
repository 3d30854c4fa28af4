using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>A version's parent and training data, given at upload: the lineage walk, the audit and compare with the parent.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class LineageTests(LifecycleFixture fixture)
{
    private const string DataSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private readonly HttpClient _http = fixture.Operator;

    [Fact]
    public async Task Lineage_OfAQuantizedFineTune_WalksBackToTheRootWithEachRelationAndTheTrainingData()
    {
        var model = ApiCalls.NewId("lineage");
        var items = TinyModel.ItemsFor(model);
        var from = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await _http.UploadTinyAsync(model, items, new TrainingInfo { Source = "events.csv", DataSha256 = DataSha, DataFrom = from, DataTo = from.AddDays(7), Events = 1000 });
        using (var second = await UploadAsync(model, items, ("parent", "1"), ("relation", "fine-tuned")))
        {
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }

        using var third = await UploadAsync(model, items, ("parent", "2"), ("relation", "Quantized"));

        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        var created = (await third.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json))!;
        Assert.Equal((2, "quantized"), (created.Parent, created.Relation));
        var lineage = (await _http.GetFromJsonAsync<LineageResponse>($"/v1/models/{model}/versions/3/lineage", ApiCalls.Json))!;
        Assert.Equal((3, 1), (lineage.Version, lineage.Root));
        Assert.Equal([(3, 2, "quantized"), (2, 1, "fine-tuned"), (1, (int?)null, (string?)null)], lineage.Chain.Select(s => (s.Version, s.Parent, s.Relation)));
        Assert.Equal(new LineageData("events.csv", DataSha, from, from.AddDays(7), 1000), lineage.Chain[2].Data);
        var upload = (await _http.AuditAsync(model)).Last(a => a.Action == "upload");
        Assert.Equal(3, upload.Version);
        Assert.EndsWith(", quantized from v2", upload.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_WithOneVersion_ComparesItWithItsParent_AndRefusesAVersionWithoutOne()
    {
        var model = ApiCalls.NewId("cmpparent");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items, new TrainingInfo { Metrics = new() { ["HR@10"] = 0.25 } });
        await _http.UploadTinyAsync(model, items);
        using (var third = await UploadAsync(model, items, ("parent", "1"), ("relation", "distilled")))
        {
            Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        }

        var compare = (await _http.GetFromJsonAsync<CompareResponse>($"/v1/models/{model}/compare?b=3", ApiCalls.Json))!;
        using var orphan = await _http.GetAsync($"/v1/models/{model}/compare?b=2");

        Assert.Equal((1, 3), (compare.A.Version.Version, compare.B.Version.Version));
        Assert.Equal(HttpStatusCode.BadRequest, orphan.StatusCode);
        var problem = (await orphan.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json))!;
        Assert.Equal(["is required: version 2 records no parent to compare it with"], problem.Errors["a"]);
    }

    [Fact]
    public async Task Upload_WithAParentThatIsNotAnEarlierVersion_Returns400AndKeepsNoVersion()
    {
        var model = ApiCalls.NewId("badparent");
        var items = TinyModel.ItemsFor(model);
        await _http.UploadTinyAsync(model, items);

        using var unknown = await UploadAsync(model, items, ("parent", "5"), ("relation", "pruned"));
        using var alone = await UploadAsync(model, items, ("relation", "pruned"));
        using var unnamed = await UploadAsync(model, items, ("parent", "1"), ("relation", "guessed"));

        Assert.True(unknown.StatusCode == HttpStatusCode.BadRequest, await unknown.Content.ReadAsStringAsync());
        Assert.Equal(["model '" + model + "' has no version 5 before version 2"], (await unknown.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json))!.Errors["parent"]);
        Assert.True(alone.StatusCode == HttpStatusCode.BadRequest, await alone.Content.ReadAsStringAsync());
        Assert.Equal(["is required with 'relation': the version it was made from"], (await alone.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json))!.Errors["parent"]);
        Assert.Equal(["must be one of fine-tuned, quantized, pruned, distilled, compressed"], (await unnamed.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json))!.Errors["relation"]);
        var versions = (await _http.GetFromJsonAsync<ModelVersionsResponse>($"/v1/models/{model}/versions", ApiCalls.Json))!;
        Assert.Equal([1], versions.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Lineage_OfAVersionThatDoesNotExist_Returns404()
    {
        var model = ApiCalls.NewId("nolineage");
        await _http.UploadTinyAsync(model, TinyModel.ItemsFor(model));

        using var response = await _http.GetAsync($"/v1/models/{model}/versions/9/lineage");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"model '{model}' has no version 9", (await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json))!.Detail);
    }

    /// <summary>Uploads the tiny model with extra form fields (the lineage ones).</summary>
    private Task<HttpResponseMessage> UploadAsync(string model, string[] items, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var artifact = new ByteArrayContent(TinyModel.Artifact());
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(artifact, "artifact", "model.onnx");
        form.Add(new StringContent(JsonSerializer.Serialize(TinyModel.Config(items), ApiCalls.Json)), "config", "config.json");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return _http.PostAsync($"/v1/models/{model}/versions", form);
    }
}
