using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Placement;
using Orleans.Rec.Push;

namespace Orleans.Rec.Inference;

/// <summary>This platform's agent on one silo: loads versions into the silo's engine and reports their status.</summary>
[SiloTargetedPlacement, Reentrant]
public sealed class SiloAgentGrain(IInferenceEngine engine, TrafficPolicyCache traffic, RecommendationPusher pusher, ILocalSiloDetails silo, IOptions<InferenceOptions> options, SiloResourceReader resources) : Grain, ISiloAgentGrain
{
    public Task EnsureLoadedAsync(string model, int version) => engine.EnsureLoadedAsync(model, version);

    public Task<bool> UnloadAsync(string model, int version) => Task.FromResult(engine.Unload(model, version, options.Value.UnloadGrace));

    public Task ApplyTrafficAsync(string model, TrafficPolicy policy)
    {
        traffic.Apply(model, policy);
        return Task.CompletedTask;
    }

    public async Task<TensorRow[]> RankAsync(string model, int version, long[][] histories, int k)
    {
        var loaded = await engine.EnsureLoadedAsync(model, version);
        var deadline = RequestDeadline.Current;
        return await Task.WhenAll(histories.Select(h => loaded.RankAsync(h, k, deadline)));
    }

    public Task<LoadedVersionStatus[]> GetStatusAsync(string? model) =>
        Task.FromResult(engine.Loaded
            .Where(m => model is null || m.Model == model)
            .OrderBy(m => m.Model, StringComparer.Ordinal).ThenBy(m => m.Version)
            .Select(m => m.Status(silo.SiloAddress.ToParsableString()))
            .ToArray());

    public Task<PushStatus> GetPushStatusAsync() => Task.FromResult(pusher.Status(silo.SiloAddress.ToParsableString()));

    public Task<SiloResources> GetResourcesAsync() => Task.FromResult(resources.Read());
}
