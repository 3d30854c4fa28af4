using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Artifacts;

/// <summary>Artifacts end to end through the real gateway and a two-silo cluster on the local store and key file.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ArtifactServingTests(ClusterFixture fixture)
{
    private static readonly Lazy<(byte[] Artifact, ModelConfig Config, float[] Table)> Medium = new(() => ArtifactFixtures.Model(20_000, 64, seed: 11, prefix: "srv"));
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Upload_WhenActivated_LeavesNoPlaintextModelUnderTheDataFolder()
    {
        var model = ApiCalls.NewId("plain");
        var (artifact, config, table) = ArtifactFixtures.Model(3_000, 16, seed: 1234, prefix: model);
        var created = await _http.UploadOkAsync(model, artifact, config);
        using (var activate = await _http.PostAsync($"/v1/models/{model}/versions/{created.Version}/activate", null))
        {
            Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        }

        // 64 bytes from the middle of the item table: present in the ONNX file, so in any plaintext copy of it.
        var needle = MemoryMarshal.AsBytes(table.AsSpan(table.Length / 2, 16)).ToArray();
        Assert.True(artifact.AsSpan().IndexOf(needle) >= 0);
        var files = Directory.EnumerateFiles(fixture.DataDir, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(ArtifactUploads.StoredFile(fixture.DataDir, model, 1, ArtifactPaths.CiphertextName), files);
        foreach (var file in files)
        {
            Assert.True((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(needle) < 0, $"{file} holds plaintext of the item table");
        }

        var keyFile = await File.ReadAllTextAsync(LocalKeyFile.PathUnder(fixture.DataDir));
        var json = await _http.GetStringAsync($"/v1/models/{model}/versions/1");
        Assert.Contains("\"keyId\":\"local-", json, StringComparison.Ordinal);
        Assert.DoesNotContain("wrapped", json, StringComparison.Ordinal);
        foreach (var secret in System.Text.RegularExpressions.Regex.Matches(keyFile, "\"([A-Za-z0-9+/]{43}=)\"").Select(m => m.Groups[1].Value))
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        }

        var version = (await _http.GetFromJsonAsync<ModelVersionResponse>($"/v1/models/{model}/versions/1", ApiCalls.Json))!;
        Assert.Equal(artifact.LongLength, version.ArtifactBytes);
        Assert.Equal(ArtifactCompression.Gzip, version.Manifest!.Compression);
        Assert.Equal(ArtifactQuantization.None, version.Manifest.Quantization);
        Assert.Equal(version.ArtifactSha256, version.Manifest.PlaintextSha256);
        Assert.Equal(new FileInfo(ArtifactUploads.StoredFile(fixture.DataDir, model, 1, ArtifactPaths.CiphertextName)).Length, version.Manifest.CiphertextBytes);
    }

    [Fact]
    public async Task Activate_WhenStoredBlobHasOneFlippedByte_FailsCleanlyAndTheOldVersionKeepsServing()
    {
        var model = ApiCalls.NewId("tamper");
        var items = TinyModel.ItemsFor(model);
        Assert.Equal(1, await _http.DeployTinyModelAsync(model, items));
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, items[0]));
        await _http.ProfileWithEventsAsync(user, 1);
        Assert.Equal(1, (await _http.RecommendAsync(user, 2, model)).Version);

        var second = await _http.UploadOkAsync(model, TinyModel.Artifact(), TinyModel.Config(items));
        var blob = ArtifactUploads.StoredFile(fixture.DataDir, model, second.Version, ArtifactPaths.CiphertextName);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[bytes.Length / 2] ^= 0x04;
        await File.WriteAllBytesAsync(blob, bytes);

        using var activate = await _http.PostAsync($"/v1/models/{model}/versions/2/activate", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, activate.StatusCode);
        var problem = await activate.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Equal("artifact integrity check failed: segment 0 does not authenticate (ciphertext modified)", problem!.Detail);
        Assert.Equal("integrity", problem.Extensions["failure"]?.ToString());
        var list = (await _http.GetFromJsonAsync<ModelVersionsResponse>($"/v1/models/{model}/versions", ApiCalls.Json))!;
        Assert.Equal(1, list.ActiveVersion);
        Assert.Equal(ModelVersionState.Validated, list.Versions[1].State);
        Assert.Equal(problem.Detail, list.Versions[1].FailureReason);
        var recs = await _http.RecommendAsync(user, 2, model);
        Assert.Equal(1, recs.Version);
        Assert.Equal([items[0], items[3]], recs.Items.Select(i => i.ItemId));
    }

    [Fact]
    public async Task Activate_WhenTheDataKeyIsWrappedUnderAKeyTheSilosLack_Returns422UnknownKeyId()
    {
        var model = ApiCalls.NewId("nokey");
        var created = await _http.UploadOkAsync(model, TinyModel.Artifact(), TinyModel.Config(TinyModel.ItemsFor(model)));
        var envelope = ArtifactUploads.StoredFile(fixture.DataDir, model, created.Version, ArtifactPaths.DataKeyName);
        var json = await File.ReadAllTextAsync(envelope);
        await File.WriteAllTextAsync(envelope, json.Replace(created.Manifest!.KeyId, "retired-2025", StringComparison.Ordinal));

        using var activate = await _http.PostAsync($"/v1/models/{model}/versions/{created.Version}/activate", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, activate.StatusCode);
        var problem = await activate.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Equal("unknown key id 'retired-2025': this silo holds no key-encryption key with that id", problem!.Detail);
        Assert.Equal("unknown-key-id", problem.Extensions["failure"]?.ToString());
        var list = (await _http.GetFromJsonAsync<ModelVersionsResponse>($"/v1/models/{model}/versions", ApiCalls.Json))!;
        Assert.Null(list.ActiveVersion);
    }

    [Fact]
    public async Task Upload_WithInt8_IsAbout3Point5TimesSmallerAtRestAndServesWithTheRecordedAgreement()
    {
        var model = ApiCalls.NewId("int8");
        var (artifact, config, _) = Medium.Value;
        var plain = await _http.UploadOkAsync(model, artifact, config, compression: "zstd");
        var quantized = await _http.UploadOkAsync(model, artifact, config, quantization: "int8", compression: "zstd");

        var ratio = (double)plain.Manifest!.CiphertextBytes / quantized.Manifest!.CiphertextBytes;
        Assert.InRange(ratio, 3.3, 4.3);
        Assert.Equal(new FileInfo(ArtifactUploads.StoredFile(fixture.DataDir, model, 2, ArtifactPaths.CiphertextName)).Length, quantized.Manifest.CiphertextBytes);
        Assert.Equal((ArtifactQuantization.Int8, ArtifactCompression.Zstd, 10), (quantized.Manifest.Quantization, quantized.Manifest.Compression, quantized.Manifest.AgreementK));
        Assert.InRange(quantized.Manifest.Agreement!.Value, 0.97, 1.0);
        Assert.Equal(artifact.LongLength, quantized.ArtifactBytes);

        using var activate = await _http.PostAsync($"/v1/models/{model}/versions/2/activate", null);
        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        var user = ApiCalls.NewId("user");
        await _http.PostEventsAsync(ApiCalls.View(user, config.ItemIds[5]), ApiCalls.View(user, config.ItemIds[77]));
        await _http.ProfileWithEventsAsync(user, 2);
        var recs = await _http.RecommendAsync(user, 10, model);
        Assert.Equal(2, recs.Version);
        Assert.Equal(10, recs.Items.Count);
    }

    [Fact]
    public async Task Upload_WhenQuantizationLosesTooMuch_Returns400WithTheFigure()
    {
        // Rows that differ only below int8 resolution: quantization turns their order into ties.
        var model = ApiCalls.NewId("lossy");
        var random = new Random(5);
        const int items = 2_000, dims = 8;
        var table = new float[(items + 1) * dims];
        for (var i = dims; i < table.Length; i++)
        {
            table[i] = 1f + (float)(random.NextDouble() * 1e-3);
        }

        var artifact = Orleans.Rec.Tools.Onnx.RecommenderOnnxBuilder.ToBytes(Orleans.Rec.Tools.Onnx.RecommenderOnnxBuilder.Build(table, items + 1, dims));
        var config = TinyModel.Config(Enumerable.Range(0, items).Select(i => $"{model}-{i}").ToArray());

        using var response = await _http.UploadAsync(model, artifact, config, "int8", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Matches(@"^int8 quantization keeps a top-10 agreement of 0\.\d{4} with the uploaded model, below the minimum 0\.97$", problem!.Detail);
        using var list = await _http.GetAsync($"/v1/models/{model}/versions");
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }

    [Fact]
    public async Task Upload_WhenFieldsAreUnknown_Returns400NamingEach()
    {
        using var response = await _http.UploadAsync(ApiCalls.NewId("fields"), TinyModel.Artifact(), TinyModel.Config(), "int4", "lz4");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.Equal(["must be none, fp16 or int8"], problem!.Errors["quantization"]);
        Assert.Equal(["must be gzip or zstd"], problem.Errors["compression"]);
    }

    [Fact]
    public async Task Upload_WhenStreamedInManySmallChunks_StoresExactlyTheUploadedModel()
    {
        await using var gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string> { ["Rec:Api:UploadChunkBytes"] = "16384" });
        using var http = gateway.CreateClient();
        var model = ApiCalls.NewId("chunks");
        var (artifact, config, _) = ArtifactFixtures.Model(3_000, 16, prefix: model);

        var created = await http.UploadOkAsync(model, artifact, config, compression: "zstd");
        using var activate = await http.PostAsync($"/v1/models/{model}/versions/{created.Version}/activate", null);

        Assert.True(artifact.Length > 10 * 16384);
        Assert.Equal(artifact.LongLength, created.ArtifactBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(artifact)), created.ArtifactSha256);
        Assert.Equal(created.ArtifactSha256, created.Manifest!.PlaintextSha256);
        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
    }

    [Fact]
    public async Task Upload_WhenArtifactExceedsTheLimit_Returns413AndReservesNoVersion()
    {
        await using var gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string>
        {
            ["Rec:Api:MaxArtifactBytes"] = "100000",
            ["Rec:Api:UploadChunkBytes"] = "32768",
        });
        using var http = gateway.CreateClient();
        var model = ApiCalls.NewId("huge");
        var (artifact, config, _) = ArtifactFixtures.Model(2_000, 16, prefix: model);
        Assert.True(artifact.Length > 100_000);

        using var response = await http.UploadAsync(model, artifact, config, null, null);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Equal("artifact is larger than the limit of 100000 bytes", problem!.Detail);
        var (small, smallConfig, _) = ArtifactFixtures.Model(100, 16, prefix: model);
        Assert.Equal(1, (await http.UploadOkAsync(model, small, smallConfig)).Version);
    }
}
