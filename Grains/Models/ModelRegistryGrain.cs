using System.Globalization;
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
    private const int MaxAuditEntries = 10_000;

    /// <summary>The policy every recommendation asks for, built once per change (null: rebuild).</summary>
    private TrafficPolicy? _policy;

    private string Model => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Active is not null || state.State.Splits.Count > 0)
        {
            // The model serves: its history (and through it, its alerts) runs while it does, also after a restart.
            GrainFactory.GetGrain<IModelHistoryGrain>(Model).StartAsync().Ignore();
        }

        return Task.CompletedTask;
    }

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
        AddAudit("upload", version, upload.CreatedBy, Invariant($"{info.ArtifactBytes} bytes, {info.ItemCount} items"));
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
            request = await WithParentAsync(version, request);
            info = await VersionGrain(version).CompleteUploadAsync(request);
        }
        catch (Exception e)
        {
            if (e is ModelValidationException)
            {
                RecLog.VersionRefused(logger, Model, e.Message);
            }

            // A refusal before the version grain took the upload (its lineage) leaves the chunks there: drop them.
            await VersionGrain(version).AbortUploadAsync();
            await ReleaseAsync(version);
            throw;
        }

        state.State.Pending.Remove(version);
        state.State.Versions.Add(version);
        var lineage = info.Parent is int parent ? Invariant($", {info.Relation} from v{parent}") : "";
        AddAudit("upload", version, request.CreatedBy, Invariant($"{info.ArtifactBytes} bytes, {info.ItemCount} items, {request.Quantization.ToString().ToLowerInvariant()}, {request.Compression.ToString().ToLowerInvariant()}{(request.Report is null ? "" : ", with a compression report")}{lineage}"));
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
        var info = await ServableAsync(version, "activated");

        // Load and warm on every active silo before switching, so no request waits for a model load. A silo
        // that fails to load leaves the previous version serving everywhere: nothing has switched yet.
        await LoadEverywhereAsync(version);

        var previous = state.State.Active;
        if (previous is int old && old != version)
        {
            state.State.Previous.Add(old);
        }

        info = await SwitchAsync(version, activatedBy);
        AddAudit("activate", version, activatedBy, previous is int p ? Invariant($"previous: v{p}") : "previous: none");
        await state.WriteStateAsync();
        await PublishPolicyAsync();
        RecLog.VersionActivated(logger, Model, version, activatedBy, previous?.ToString(CultureInfo.InvariantCulture) ?? "none");
        return info;
    }

    public async Task<ModelVersionInfo> RollbackAsync(string by)
    {
        var from = state.State.Active;
        while (state.State.Previous.Count > 0)
        {
            var candidate = state.State.Previous[^1];
            var candidateInfo = await VersionGrain(candidate).GetInfoAsync();
            if (candidateInfo is { State: ModelVersionState.Staged or ModelVersionState.Validated or ModelVersionState.Active })
            {
                await LoadEverywhereAsync(candidate);
                state.State.Previous.RemoveAt(state.State.Previous.Count - 1);
                var info = await SwitchAsync(candidate, by);
                AddAudit("rollback", candidate, by, from is int f ? Invariant($"from v{f}") : "from none");
                await state.WriteStateAsync();
                await PublishPolicyAsync();
                LifecycleLog.RolledBack(logger, Model, candidate, by, from?.ToString(CultureInfo.InvariantCulture) ?? "none");
                return info;
            }

            // Retired or failed since: it cannot serve again, so the walk goes further back.
            state.State.Previous.RemoveAt(state.State.Previous.Count - 1);
        }

        await state.WriteStateAsync();
        throw new ModelStateConflictException($"model '{Model}' has no earlier active version to roll back to");
    }

    public Task<TrafficPolicy> GetTrafficAsync() => Task.FromResult(_policy ??= Policy());

    public async Task<TrafficPolicy> SetTrafficAsync(TrafficSplit[] splits, int? shadow, string by)
    {
        if (state.State.Versions.Count == 0)
        {
            throw new ModelNotFoundException($"model '{Model}' has no versions");
        }

        var problems = new List<string>();
        if (splits.Length > 0 && splits.Sum(s => (long)s.Percent) != 100)
        {
            problems.Add(Invariant($"split percentages sum to {splits.Sum(s => (long)s.Percent)}, not 100"));
        }

        problems.AddRange(splits.Where(s => s.Percent is < 0 or > 100).Select(s => Invariant($"v{s.Version} has {s.Percent}%, outside 0..100")));
        problems.AddRange(splits.GroupBy(s => s.Version).Where(g => g.Count() > 1).Select(g => Invariant($"v{g.Key} is named {g.Count()} times")));
        if (problems.Count > 0)
        {
            throw new ModelValidationException("invalid traffic: " + string.Join("; ", problems));
        }

        var ordered = splits.Where(s => s.Percent > 0).OrderBy(s => s.Version).ToList();
        var versions = ordered.Select(s => s.Version).Concat(shadow is int sh ? [sh] : []).Distinct().ToArray();
        foreach (var version in versions)
        {
            await ServableAsync(version, "given traffic");
        }

        // Every version that will take traffic is loaded and warmed on every silo before the policy changes.
        foreach (var version in versions)
        {
            await LoadEverywhereAsync(version);
        }

        state.State.Splits = ordered;
        state.State.Shadow = shadow;
        state.State.PolicyRevision++;
        _policy = null;
        var policy = Policy();
        var described = Describe(policy);
        AddAudit("traffic", null, by, described);
        await state.WriteStateAsync();
        await PublishPolicyAsync();
        await GrainFactory.GetGrain<IModelCatalogGrain>(0).AddAsync(Model);
        GrainFactory.GetGrain<IModelHistoryGrain>(Model).StartAsync().Ignore();
        LifecycleLog.TrafficSet(logger, Model, by, described);
        return policy;
    }

    public async Task<ModelVersionInfo> RetireAsync(int version, string by)
    {
        if (!state.State.Versions.Contains(version))
        {
            throw new ModelNotFoundException($"model '{Model}' has no version {version}");
        }

        if (state.State.Active == version)
        {
            throw new ModelStateConflictException($"model '{Model}' version {version} is active and cannot be retired; activate or roll back to another version first");
        }

        if (state.State.Splits.Any(s => s.Version == version) || state.State.Shadow == version)
        {
            throw new ModelStateConflictException($"model '{Model}' version {version} takes traffic (split or shadow) and cannot be retired; change the traffic first");
        }

        var info = await VersionGrain(version).SetStateAsync(ModelVersionState.Retired);
        AddAudit("retire", version, by, "");
        await state.WriteStateAsync();
        LifecycleLog.Retired(logger, Model, version, by);

        // It takes no traffic: free its memory on every silo (best effort; a silo that misses it keeps an idle copy).
        var silos = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        await Task.WhenAll(silos.Keys.Select(async silo =>
        {
            try
            {
                await GrainFactory.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).UnloadAsync(Model, version);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                LifecycleLog.UnloadFailed(logger, Model, version, silo.ToParsableString(), e.Message);
            }
        }));
        return info;
    }

    public async Task RecordAuditAsync(string action, int? version, string by, string detail)
    {
        AddAudit(action, version, by, detail);
        await state.WriteStateAsync();
    }

    public Task<AuditEntry[]> GetAuditAsync() => Task.FromResult(state.State.Audit.ToArray());

    /// <summary>
    /// The upload's lineage checked and completed: a named parent must be an earlier version of this model; with none
    /// named, a compression report's teacher (by SHA-256) is the parent when it is a version here.
    /// </summary>
    private async Task<ModelUploadRequest> WithParentAsync(int version, ModelUploadRequest request)
    {
        if (request.Parent is int parent)
        {
            if (parent >= version || !state.State.Versions.Contains(parent))
            {
                throw new ModelValidationException("invalid lineage", new Dictionary<string, string[]>
                {
                    ["parent"] = [Invariant($"model '{Model}' has no version {parent} before version {version}")],
                });
            }

            return request;
        }

        if (request.Report is not { } report || string.IsNullOrEmpty(report.Teacher.OnnxSha256))
        {
            return request;
        }

        var teacher = (await GetVersionsAsync()).LastOrDefault(v => v.ArtifactSha256 == report.Teacher.OnnxSha256);
        return teacher is null ? request : request with { Parent = teacher.Version, Relation = LineageRelations.FromCompressionMethod(report.Method) };
    }

    /// <summary>The version's info when it exists and may serve (validated, staged or active).</summary>
    private async Task<ModelVersionInfo> ServableAsync(int version, string what)
    {
        if (!state.State.Versions.Contains(version))
        {
            throw new ModelNotFoundException($"model '{Model}' has no version {version}");
        }

        var info = await VersionGrain(version).GetInfoAsync() ?? throw new ModelNotFoundException($"model '{Model}' has no version {version}");
        if (info.State is ModelVersionState.Failed or ModelVersionState.Retired or ModelVersionState.Registered)
        {
            throw new ModelStateConflictException($"model '{Model}' version {version} is {info.State.ToString().ToLowerInvariant()} and cannot be {what}");
        }

        return info;
    }

    /// <summary>Loads and warms a version on every active silo; an unusable artifact is recorded on the version.</summary>
    private async Task LoadEverywhereAsync(int version)
    {
        try
        {
            var silos = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            await Task.WhenAll(silos.Keys.Select(silo =>
                GrainFactory.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).EnsureLoadedAsync(Model, version)));
        }
        catch (ModelArtifactException e)
        {
            ArtifactLog.ActivationRefused(logger, Model, version, e.Failure, e.Message);
            await VersionGrain(version).RecordLoadFailureAsync(e.Message);
            throw;
        }
    }

    /// <summary>
    /// Hands the current policy to every active silo's cache (<see cref="TrafficPolicyCache"/>) before the change
    /// returns. A silo that cannot be reached keeps its copy until the cache's age limit makes it ask again.
    /// </summary>
    private async Task PublishPolicyAsync()
    {
        var policy = _policy ??= Policy();
        var silos = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        await Task.WhenAll(silos.Keys.Select(async silo =>
        {
            try
            {
                await GrainFactory.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).ApplyTrafficAsync(Model, policy);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                LifecycleLog.PolicyPushFailed(logger, Model, policy.Revision, silo.ToParsableString(), e.Message);
            }
        }));
    }

    /// <summary>Makes a loaded version the active one: it serves everyone (a split ends), the previous one is staged.</summary>
    private async Task<ModelVersionInfo> SwitchAsync(int version, string by)
    {
        var previous = state.State.Active;
        var info = await VersionGrain(version).SetStateAsync(ModelVersionState.Active);
        state.State.Active = version;
        state.State.Splits = [];
        if (state.State.Shadow == version)
        {
            state.State.Shadow = null;
        }

        state.State.PolicyRevision++;
        _policy = null;

        state.State.Activations.Add(new ActivationRecord(version, time.GetUtcNow(), by));
        if (previous is int old && old != version)
        {
            await VersionGrain(old).SetStateAsync(ModelVersionState.Staged);
        }

        await GrainFactory.GetGrain<IModelCatalogGrain>(0).AddAsync(Model);
        GrainFactory.GetGrain<IModelHistoryGrain>(Model).StartAsync().Ignore();
        return info;
    }

    private TrafficPolicy Policy() => new()
    {
        Active = state.State.Active,
        Splits = [.. state.State.Splits],
        Shadow = state.State.Shadow,
        Revision = state.State.PolicyRevision,
    };

    private static string Describe(TrafficPolicy policy)
    {
        var split = policy.Splits.Length == 0 ? "active version serves all" : string.Join(", ", policy.Splits.Select(s => Invariant($"v{s.Version} {s.Percent}%")));
        return policy.Shadow is int shadow ? Invariant($"{split}; shadow v{shadow}") : split + "; no shadow";
    }

    private void AddAudit(string action, int? version, string by, string detail)
    {
        state.State.Audit.Add(new AuditEntry
        {
            Sequence = ++state.State.AuditSequence,
            At = time.GetUtcNow(),
            Actor = by,
            Action = action,
            Version = version,
            Detail = detail,
        });
        if (state.State.Audit.Count > MaxAuditEntries)
        {
            state.State.Audit.RemoveRange(0, state.State.Audit.Count - MaxAuditEntries);
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

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
