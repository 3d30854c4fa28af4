using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>The REST calls tests make, spelled once.</summary>
public static class ApiCalls
{
    /// <summary>
    /// A fresh model (the tiny one, activated) and a fresh user who has viewed its first item (the profile holds the
    /// event), ready to be served recommendations by the model.
    /// </summary>
    public static async Task<(string Model, string[] Items, string User)> DeployTinyWithViewerAsync(this HttpClient http, string modelPrefix)
    {
        var model = NewId(modelPrefix);
        var items = TinyModel.ItemsFor(model);
        await http.DeployTinyModelAsync(model, items);
        var user = NewId("user");
        await http.PostEventsAsync(View(user, items[0]));
        await http.ProfileWithEventsAsync(user, 1);
        return (model, items, user);
    }

    /// <summary>The status of a GET, or null while nothing answers (a process still starting or stopped).</summary>
    public static async Task<System.Net.HttpStatusCode?> StatusOfAsync(this HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient http, string model, byte[] artifact, ModelConfig? config) =>
        http.UploadRawAsync(model, artifact, config is null ? null : JsonSerializer.Serialize(config, Json));

    public static Task<HttpResponseMessage> UploadRawAsync(this HttpClient http, string model, byte[]? artifact, string? configJson)
    {
        var form = new MultipartFormDataContent { { new StringContent("rec-tests"), "uploader" } };
        if (artifact is not null)
        {
            var part = new ByteArrayContent(artifact);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "artifact", "model.onnx");
        }

        if (configJson is not null)
        {
            var part = new StringContent(configJson);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(part, "config", "config.json");
        }

        return http.PostAsync($"/v1/models/{model}/versions", form);
    }

    /// <summary>Uploads and activates the tiny model under the given item ids; returns the version.</summary>
    public static async Task<int> DeployTinyModelAsync(this HttpClient http, string model, string[] itemIds)
    {
        using var upload = await http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(itemIds));
        upload.EnsureSuccessStatusCode();
        var created = await upload.Content.ReadFromJsonAsync<ModelVersionResponse>(Json);
        using var activate = await http.PostAsync($"/v1/models/{model}/versions/{created!.Version}/activate", null);
        activate.EnsureSuccessStatusCode();
        return created.Version;
    }

    public static async Task PostEventsAsync(this HttpClient http, params object[] events)
    {
        using var response = await http.PostAsJsonAsync("/v1/events", new { events }, Json);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<ProfileResponse> ProfileAsync(this HttpClient http, string userId) =>
        (await http.GetFromJsonAsync<ProfileResponse>($"/v1/users/{userId}/profile", Json))!;

    public static async Task<ProfileResponse> ProfileWithEventsAsync(this HttpClient http, string userId, long eventCount) =>
        await Eventually.GetAsync(() => http.ProfileAsync(userId), p => p.EventCount >= eventCount);

    public static async Task<RecommendationsResponse> RecommendAsync(this HttpClient http, string userId, int k, string? model = null) =>
        (await http.GetFromJsonAsync<RecommendationsResponse>(
            $"/v1/users/{userId}/recommendations?k={k}" + (model is null ? "" : $"&model={model}"), Json))!;

    public static object View(string userId, string itemId, string? eventId = null, string? categoryId = null) =>
        new { eventId, userId, itemId, type = "view", categoryId };

    public static object Event(string userId, string itemId, string type, string? eventId = null, string? categoryId = null) =>
        new { eventId, userId, itemId, type, categoryId };

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
