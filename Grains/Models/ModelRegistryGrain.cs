using Microsoft.Extensions.Logging;
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
        // that fails to load leaves the previous version serving everywhere.
        var silos = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        await Task.WhenAll(silos.Keys.Select(silo =>
            GrainFactory.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).EnsureLoadedAsync(Model, version)));

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

    public Task<int?> GetActiveVersionAsync() => Task.FromResult(state.State.Active);

    private IModelVersionGrain VersionGrain(int version) => GrainFactory.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(Model, version));
}
