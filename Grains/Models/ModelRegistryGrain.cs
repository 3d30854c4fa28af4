using Microsoft.Extensions.Logging;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Models;

/// <summary>The registry of one model: numbers versions, activates them, remembers the activation history.</summary>
public sealed class ModelRegistryGrain(
    [PersistentState("registry", RecNames.ModelStorage)] IPersistentState<ModelRegistryRecord> state,
    TimeProvider time,
    ILogger<ModelRegistryGrain> logger) : Grain, IModelRegistryGrain
{
    private string Model => this.GetPrimaryKeyString();

    public async Task<ModelVersionInfo> RegisterVersionAsync(ModelUpload upload)
    {
        if (!ModelKeys.IsValidModelName(Model))
        {
            throw new ModelValidationException($"'{Model}' is not a valid model name");
        }

        var version = state.State.NextVersion;
        ModelVersionInfo info;
        try
        {
            info = await VersionGrain(version).InitializeAsync(upload);
        }
        catch (ModelValidationException e)
        {
            RecLog.VersionRefused(logger, Model, e.Message);
            throw;
        }

        state.State.NextVersion = version + 1;
        state.State.Versions.Add(version);
        await state.WriteStateAsync();
        RecLog.VersionRegistered(logger, Model, version, upload.CreatedBy, info.ArtifactBytes, info.ItemCount);
        return info;
    }

    public async Task<int> BeginUploadAsync()
    {
        if (!ModelKeys.IsValidModelName(Model))
        {
            throw new ModelValidationException($"'{Model}' is not a valid model name");
        }

        var version = state.State.NextVersion;
        state.State.NextVersion = version + 1;
        state.State.Pending.Add(version);
        await state.WriteStateAsync();
        return version;
    }

    public async Task<ModelVersionInfo> CompleteUploadAsync(int version, ModelUploadRequest request)
    {
        if (!state.State.Pending.Contains(version))
        {
            throw new ModelStateConflictException($"model '{Model}' has no upload in progress for version {version}");
        }

        ModelVersionInfo info;
        try
        {
            info = await VersionGrain(version).CompleteUploadAsync(request);
        }
        catch (Exception e)
        {
            if (e is ModelValidationException)
            {
                RecLog.VersionRefused(logger, Model, e.Message);
            }

            await ReleaseAsync(version);
            throw;
        }

        state.State.Pending.Remove(version);
        state.State.Versions.Add(version);
        await state.WriteStateAsync();
        RecLog.VersionRegistered(logger, Model, version, request.CreatedBy, info.ArtifactBytes, info.ItemCount);
        return info;
    }

    public async Task AbortUploadAsync(int version)
    {
        if (state.State.Pending.Contains(version))
        {
            await VersionGrain(version).AbortUploadAsync();
            await ReleaseAsync(version);
        }
    }

    public async Task<ModelVersionInfo[]> GetVersionsAsync()
    {
        var infos = await Task.WhenAll(state.State.Versions.Select(v => VersionGrain(v).GetInfoAsync()));
        return infos.OfType<ModelVersionInfo>().ToArray();
    }

    public Task<ModelVersionInfo?> GetVersionAsync(int version) =>
        state.State.Versions.Contains(version) ? VersionGrain(version).GetInfoAsync() : Task.FromResult<ModelVersionInfo?>(null);

    public async Task<ModelVersionInfo> ActivateAsync(int version, string activatedBy)
    {
        if (!state.State.Versions.Contains(version))
        {
            throw new ModelNotFoundException($"model '{Model}' has no version {version}");
        }

        var target = VersionGrain(version);
        var info = await target.GetInfoAsync() ?? throw new ModelNotFoundException($"model '{Model}' has no version {version}");
        if (info.State is ModelVersionState.Failed or ModelVersionState.Retired or ModelVersionState.Registered)
        {
            throw new ModelStateConflictException($"model '{Model}' version {version} is {info.State.ToString().ToLowerInvariant()} and cannot be activated");
        }

        // Load and warm on every active silo before switching, so no request waits for a model load. A silo
        // that fails to load leaves the previous version serving everywhere: nothing has switched yet.
        try
        {
            var silos = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            await Task.WhenAll(silos.Keys.Select(silo =>
                GrainFactory.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).EnsureLoadedAsync(Model, version)));
        }
        catch (ModelArtifactException e)
        {
            ArtifactLog.ActivationRefused(logger, Model, version, e.Failure, e.Message);
            await target.RecordLoadFailureAsync(e.Message);
            throw;
        }

        var previous = state.State.Active;
        if (previous is int old && old != version)
        {
            await VersionGrain(old).SetStateAsync(ModelVersionState.Staged);
        }

        info = await target.SetStateAsync(ModelVersionState.Active);
        state.State.Active = version;
        state.State.Activations.Add(new ActivationRecord(version, time.GetUtcNow(), activatedBy));
        await state.WriteStateAsync();
        RecLog.VersionActivated(logger, Model, version, activatedBy, previous?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        return info;
    }

    /// <summary>Forgets a reserved number, handing it to the next upload when no later one was reserved.</summary>
    private async Task ReleaseAsync(int version)
    {
        state.State.Pending.Remove(version);
        if (version == state.State.NextVersion - 1)
        {
            state.State.NextVersion = version;
        }

        await state.WriteStateAsync();
    }

    public Task<int?> GetActiveVersionAsync() => Task.FromResult(state.State.Active);

    private IModelVersionGrain VersionGrain(int version) => GrainFactory.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(Model, version));
}
