using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Artifacts;

/// <summary>Uploads with the artifact form fields, and where a version's blobs are on the local store.</summary>
internal static class ArtifactUploads
{
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient http, string model, byte[] artifact, ModelConfig config, string? quantization, string? compression)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(artifact);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "artifact", "model.onnx");
        form.Add(new StringContent(JsonSerializer.Serialize(config, ApiCalls.Json)), "config");
        if (quantization is not null)
        {
            form.Add(new StringContent(quantization), "quantization");
        }

        if (compression is not null)
        {
            form.Add(new StringContent(compression), "compression");
        }

        return http.PostAsync($"/v1/models/{model}/versions", form);
    }

    public static async Task<ModelVersionResponse> UploadOkAsync(this HttpClient http, string model, byte[] artifact, ModelConfig config, string? quantization = null, string? compression = null)
    {
        using var response = await http.UploadAsync(model, artifact, config, quantization, compression);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json))!;
    }

    public static string StoredFile(string dataDir, string model, int version, string name) =>
        Path.Combine(dataDir, "artifacts", model, version.ToString(System.Globalization.CultureInfo.InvariantCulture), name);
}
