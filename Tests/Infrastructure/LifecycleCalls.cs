using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>REST calls of the lifecycle tests.</summary>
public static class LifecycleCalls
{
    /// <summary>The audit identity of the test operator key.</summary>
    public static string OperatorIdentity => "operator:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GatewayFactory.OperatorKey)))[..8];

    /// <summary>Uploads the tiny model (not activated) under the given item ids; returns the version.</summary>
    public static async Task<int> UploadTinyAsync(this HttpClient http, string model, string[] itemIds, TrainingInfo? training = null)
    {
        using var upload = await http.UploadAsync(model, TinyModel.Artifact(), TinyModel.Config(itemIds) with { Training = training });
        upload.EnsureSuccessStatusCode();
        return (await upload.Content.ReadFromJsonAsync<ModelVersionResponse>(ApiCalls.Json))!.Version;
    }

    public static async Task ActivateAsync(this HttpClient http, string model, int version)
    {
        using var response = await http.PostAsync($"/v1/models/{model}/versions/{version}/activate", null);
        response.EnsureSuccessStatusCode();
    }

    public static Task<HttpResponseMessage> PutTrafficAsync(this HttpClient http, string model, string json) =>
        http.PutAsync($"/v1/models/{model}/traffic", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Gives each user one view of <paramref name="item"/> and waits until every profile has it.</summary>
    public static async Task SeedUsersAsync(this HttpClient http, string[] users, string item)
    {
        await http.PostEventsAsync(users.Select(u => ApiCalls.View(u, item)).ToArray());
        foreach (var user in users)
        {
            await http.ProfileWithEventsAsync(user, 1);
        }
    }

    public static async Task<AuditEntryResponse[]> AuditAsync(this HttpClient http, string model) =>
        [.. (await http.GetFromJsonAsync<AuditResponse>($"/v1/models/{model}/audit", ApiCalls.Json))!.Entries];

    /// <summary>The tiny model's item ids with the first two swapped: the same history ranks differently.</summary>
    public static string[] Swapped(string[] items) => [items[1], items[0], .. items[2..]];
}
