using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Rec.Models;
using Orleans.Rec.Placement;

namespace Orleans.Rec.Inference;

/// <summary>This platform's agent on one silo: loads versions into the silo's engine and reports their status.</summary>
[SiloTargetedPlacement, Reentrant]
public sealed class SiloAgentGrain(IInferenceEngine engine, TrafficPolicyCache traffic, ILocalSiloDetails silo, IOptions<InferenceOptions> options) : Grain, ISiloAgentGrain
{
    public Task EnsureLoadedAsync(string model, int version) => engine.EnsureLoadedAsync(model, version);

    public Task<bool> UnloadAsync(string model, int version) => Task.FromResult(engine.Unload(model, version, options.Value.UnloadGrace));

    public Task ApplyTrafficAsync(string model, TrafficPolicy policy)
    {
        traffic.Apply(model, policy);
        return Task.CompletedTask;
    }

    public Task<LoadedVersionStatus[]> GetStatusAsync(string? model) =>
        Task.FromResult(engine.Loaded
            .Where(m => model is null || m.Model == model)
            .OrderBy(m => m.Model, StringComparer.Ordinal).ThenBy(m => m.Version)
            .Select(m => m.Status(silo.SiloAddress.ToParsableString()))
            .ToArray());
}
