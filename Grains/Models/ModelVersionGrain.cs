using System.Security.Cryptography;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Inference;

namespace Orleans.Rec.Models;

/// <summary>One model version: validates its upload, owns (is the only writer of) its artifact, keeps its config.</summary>
public sealed class ModelVersionGrain(
    [PersistentState("version", RecNames.ModelStorage)] IPersistentState<ModelVersionRecord> state,
    IArtifactStore artifacts,
    TimeProvider time) : Grain, IModelVersionGrain
{
    public async Task<ModelVersionInfo> InitializeAsync(ModelUpload upload)
    {
        if (state.State.Info is not null)
        {
            throw new ModelStateConflictException($"model version {this.GetPrimaryKeyString()} already exists");
        }

        var (model, version) = ModelKeys.ParseVersionKey(this.GetPrimaryKeyString());
        ModelInspector.Validate(upload.Artifact, upload.Config);
        await artifacts.WriteAsync(ModelKeys.ArtifactKey(model, version), upload.Artifact);

        state.State.Config = upload.Config;
        state.State.Revisions = [new ConfigRevision { Revision = 1, Serving = ServingConfig.From(upload.Config), At = time.GetUtcNow(), By = upload.CreatedBy }];
        state.State.Info = new ModelVersionInfo
        {
            Model = model,
            Version = version,
            State = ModelVersionState.Validated,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = upload.CreatedBy,
            ArtifactBytes = upload.Artifact.LongLength,
            ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Artifact)),
            Signature = upload.Config.Signature,
            ItemCount = upload.Config.ItemIds.Length,
            HistoryLength = upload.Config.HistoryLength,
            Training = upload.Config.Training,
        };
        await state.WriteStateAsync();
        return state.State.Info;
    }

    public Task<ModelVersionInfo?> GetInfoAsync() => Task.FromResult(state.State.Info);

    public Task<ModelConfig> GetConfigAsync() => Task.FromResult(state.State.Config ?? throw NotFound());

    public Task<ConfigRevision> GetConfigRevisionAsync() =>
        Task.FromResult(state.State.Revisions.LastOrDefault() ?? throw NotFound());

    public Task<ConfigRevision[]> GetConfigHistoryAsync() =>
        Task.FromResult(state.State.Config is null ? throw NotFound() : state.State.Revisions.ToArray());

    public async Task<ConfigRevision> UpdateConfigAsync(ServingConfig serving, string updatedBy)
    {
        var current = state.State.Config ?? throw NotFound();
        var updated = serving.ApplyTo(current);
        var problems = ModelConfigRules.Check(updated);
        if (problems.Count > 0)
        {
            throw new ModelValidationException("invalid config: " + string.Join("; ", problems));
        }

        var revision = new ConfigRevision
        {
            Revision = state.State.Revisions.Count + 1,
            Serving = serving,
            At = time.GetUtcNow(),
            By = updatedBy,
        };
        state.State.Config = updated;
        state.State.Revisions.Add(revision);
        state.State.Info = state.State.Info! with { HistoryLength = updated.HistoryLength };
        await state.WriteStateAsync();
        return revision;
    }

    public async Task<ModelVersionInfo> SetStateAsync(ModelVersionState newState)
    {
        var info = state.State.Info ?? throw NotFound();
        if (info.State == newState)
        {
            return info;
        }

        state.State.Info = info with
        {
            State = newState,
            ActivatedAt = newState == ModelVersionState.Active ? time.GetUtcNow() : info.ActivatedAt,
        };
        await state.WriteStateAsync();
        return state.State.Info;
    }

    private ModelNotFoundException NotFound() => new($"model version {this.GetPrimaryKeyString()} does not exist");
}
