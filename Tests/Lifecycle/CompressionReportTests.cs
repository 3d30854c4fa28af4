using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>A compressed model's report (rec compress) travels with its upload, is kept with the version and is compared.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class CompressionReportTests(LifecycleFixture fixture)
{
    private readonly HttpClient _http = fixture.Operator;

    [Fact]
    public async Task Upload_WithAReport_KeepsItWithTheVersion_AndCompareShowsBothSidesFromIt()
    {
        var model = ApiCalls.NewId("cmpr");
        var items = TinyModel.ItemsFor(model);
        var teacher = await _http.UploadTinyAsync(model, items);
        var (student, studentConfig) = Student(items);
        var report = Report(TinyModel.Artifact(), student);

        using var upload = await UploadAsync(model, student, studentConfig, JsonSerializer.Serialize(report, ApiCalls.Json));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var created = (await upload.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json))!;
        var fetched = (await _http.GetFromJsonAsync<ModelVersionResponse>($"/v1/models/{model}/versions/{created.Version}", ApiCalls.Json))!;
        var compression = fetched.Compression!;
        Assert.Equal("catalog pruning; distillation to 2 dims", compression.Method);
        Assert.Equal(0.75, compression.Agreement);
        Assert.Equal(3, compression.Student.Items);
        Assert.Equal(4.0, compression.TimesSmallerAtRest);
        Assert.Equal(2.5, compression.SpeedUp);
        Assert.Equal(0.9, compression.HitRate10Kept);
        Assert.Equal(ArtifactQuantization.Int8, compression.Quantization);
        // Lineage from the report: its teacher (by SHA-256) is a version of this model, and the method distilled.
        Assert.Equal((teacher, LineageRelations.Distilled), (fetched.Parent, fetched.Relation));
        var listed = (await _http.GetFromJsonAsync<ModelVersionsResponse>($"/v1/models/{model}/versions", ApiCalls.Json))!;
        Assert.Null(listed.Versions.Single(v => v.Version == teacher).Compression);

        var compare = (await _http.GetFromJsonAsync<CompareResponse>($"/v1/models/{model}/compare?a={teacher}&b={created.Version}", ApiCalls.Json))!;

        // The teacher (version 1) has no report of its own: its figures come from the student's report, matched by SHA-256.
        Assert.Equal(
            [
                new MetricComparison("items", 4, 3, -1),
                new MetricComparison("dimensions", 2, 2, 0),
                new MetricComparison("onnxBytes", 4000, 1000, -3000),
                new MetricComparison("storedBytes", 2000, 500, -1500),
                new MetricComparison("predictionsPerSecond", 1000, 2500, 1500),
                new MetricComparison("HR@10", 0.5, 0.45, 0.45 - 0.5),
                new MetricComparison("NDCG@10", 0.25, 0.25, 0),
                new MetricComparison("agreementWithTeacher", null, 0.75, null),
            ],
            compare.Compression);
        Assert.Equal(compression, compare.B.Version.Compression);
        var audit = await _http.AuditAsync(model);
        Assert.EndsWith(", with a compression report, distilled from v1", audit.Single(a => a.Action == "upload" && a.Version == created.Version).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithAReportForAnotherArtifact_IsRefused()
    {
        var model = ApiCalls.NewId("cmprx");
        var items = TinyModel.ItemsFor(model);
        var (student, studentConfig) = Student(items);
        var report = Report(TinyModel.Artifact(), TinyModel.Artifact());

        using var upload = await UploadAsync(model, student, studentConfig, JsonSerializer.Serialize(report, ApiCalls.Json));

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        var problem = (await upload.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json))!;
        Assert.Equal(
            $"invalid compression report: the compression report describes another model (student SHA-256 '{Sha(TinyModel.Artifact())}'), not the uploaded artifact ({Sha(student)}); the compression report's student has 4 items but the config lists 3",
            problem.Detail);
        using var versions = await _http.GetAsync($"/v1/models/{model}/versions");
        Assert.Equal(HttpStatusCode.NotFound, versions.StatusCode);
    }

    [Theory]
    [InlineData("not json", "is not a valid compression report")]
    [InlineData("""{"teacher":null,"student":null}""", "must be a JSON object with 'teacher' and 'student' figures (compression-report.json from rec compress)")]
    [InlineData("""{"method":"x"}""", "is not a valid compression report")]
    public async Task Upload_WithAnUnreadableReport_IsAValidationProblem(string reportJson, string expected)
    {
        var model = ApiCalls.NewId("cmprj");
        var (student, studentConfig) = Student(TinyModel.ItemsFor(model));

        using var upload = await UploadAsync(model, student, studentConfig, reportJson);

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        var problem = (await upload.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json))!;
        Assert.StartsWith(expected, Assert.Single(problem.Errors["report"]), StringComparison.Ordinal);
    }

    // The tiny model without item b: a, c, d.
    private static (byte[] Artifact, ModelConfig Config) Student(string[] items)
    {
        float[] table = [0f, 0f, 1f, 0f, 0.5f, 0.5f, 0.9f, 0.1f];
        return (RecommenderOnnxBuilder.Build(table, rows: 4, dims: 2).ToByteArray(), TinyModel.Config([items[0], items[2], items[3]]));
    }

    private static CompressionReport Report(byte[] teacher, byte[] student) => new()
    {
        Method = "catalog pruning; distillation to 2 dims",
        Source = "test",
        Teacher = new CompressedModelFigures { OnnxSha256 = Sha(teacher), Items = 4, Dimensions = 2, OnnxBytes = 4000, StoredBytes = 2000, PredictionsPerSecond = 1000, HitRate10 = 0.5, Ndcg10 = 0.25 },
        Student = new CompressedModelFigures { OnnxSha256 = Sha(student), Items = student.Length == teacher.Length ? 4 : 3, Dimensions = 2, OnnxBytes = 1000, StoredBytes = 500, PredictionsPerSecond = 2500, HitRate10 = 0.45, Ndcg10 = 0.25 },
        Agreement = 0.75,
        AgreementK = 10,
        HeldOutCases = 20,
        ThroughputBatch = 32,
        Quantization = ArtifactQuantization.Int8,
    };

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private Task<HttpResponseMessage> UploadAsync(string model, byte[] artifact, ModelConfig config, string reportJson)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(artifact);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "artifact", "model.onnx");
        form.Add(new StringContent(JsonSerializer.Serialize(config, ApiCalls.Json)), "config");
        form.Add(new StringContent(reportJson), "report", "compression-report.json");
        return _http.PostAsync($"/v1/models/{model}/versions", form);
    }
}
