using Orleans.Concurrency;
using Orleans.Rec.Models;

namespace Orleans.Rec;

/// <summary>The registry of one model (key: model name): its versions, the active one and the activation history.</summary>
[Alias("rec.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores a new version; numbers are assigned 1, 2, 3…</summary>
    /// <exception cref="ModelValidationException">The artifact does not load or does not match its config.</exception>
    [Alias("RegisterVersion"), ResponseTimeout("00:30:00")]
    Task<ModelVersionInfo> RegisterVersionAsync(ModelUpload upload);

    /// <summary>
    /// Reserves the next version number for an upload whose artifact is then streamed in chunks straight to that
    /// version's grain (an artifact may exceed one Orleans message).
    /// </summary>
    /// <exception cref="ModelValidationException">The model name is invalid.</exception>
    [Alias("BeginUpload")]
    Task<int> BeginUploadAsync();

    /// <summary>Finishes a streamed upload: the version grain validates and stores it, and the version is listed.</summary>
    /// <exception cref="ModelValidationException">The artifact does not load, does not match its config, or loses too much agreement when quantized.</exception>
    [Alias("CompleteUpload"), ResponseTimeout("00:30:00")]
    Task<ModelVersionInfo> CompleteUploadAsync(int version, ModelUploadRequest request);

    /// <summary>Gives up a streamed upload; its number is reused when no later one was reserved.</summary>
    [Alias("AbortUpload")]
    Task AbortUploadAsync(int version);

    /// <summary>Every version of the model, oldest first.</summary>
    [Alias("GetVersions"), ReadOnly]
    Task<ModelVersionInfo[]> GetVersionsAsync();

    /// <summary>One version, or null when the model has no such version.</summary>
    [Alias("GetVersion"), ReadOnly]
    Task<ModelVersionInfo?> GetVersionAsync(int version);

    /// <summary>Loads, warms and then activates a version; the previously active one becomes staged.</summary>
    /// <exception cref="ModelNotFoundException">No such version.</exception>
    /// <exception cref="ModelStateConflictException">The version cannot be activated in its state.</exception>
    [Alias("Activate"), ResponseTimeout("00:30:00")]
    Task<ModelVersionInfo> ActivateAsync(int version, string activatedBy);

    /// <summary>The version now serving, or null when none is active. Answers even while an activation is loading.</summary>
    [Alias("GetActiveVersion"), AlwaysInterleave]
    Task<int?> GetActiveVersionAsync();

    /// <summary>Who is served by which version, and the shadow. Answers even while an activation is loading.</summary>
    [Alias("GetTraffic"), AlwaysInterleave]
    Task<TrafficPolicy> GetTrafficAsync();

    /// <summary>
    /// Returns to the version that was active before the current one (each rollback walks one further back), clearing
    /// any split. The version is loaded and warmed on every silo first (a no-op when it still is).
    /// </summary>
    /// <exception cref="ModelStateConflictException">There is no earlier version to return to.</exception>
    [Alias("Rollback"), ResponseTimeout("00:30:00")]
    Task<ModelVersionInfo> RollbackAsync(string by);

    /// <summary>
    /// Replaces the traffic policy: a split across versions (percentages summing to 100; empty: the active version
    /// serves everyone) and an optional shadow. Every version named is loaded and warmed on every silo before traffic moves.
    /// </summary>
    /// <exception cref="ModelValidationException">The split does not sum to 100, or names a version twice.</exception>
    /// <exception cref="ModelNotFoundException">A version does not exist.</exception>
    /// <exception cref="ModelStateConflictException">A version cannot serve in its state.</exception>
    [Alias("SetTraffic"), ResponseTimeout("00:30:00")]
    Task<TrafficPolicy> SetTrafficAsync(TrafficSplit[] splits, int? shadow, string by);

    /// <summary>Retires a version; refused while it takes traffic (active, in a split or shadow).</summary>
    /// <exception cref="ModelNotFoundException">No such version.</exception>
    /// <exception cref="ModelStateConflictException">The version takes traffic.</exception>
    [Alias("Retire")]
    Task<ModelVersionInfo> RetireAsync(int version, string by);

    /// <summary>Records a change made elsewhere (a config update on a version grain) in the model's audit log.</summary>
    [Alias("RecordAudit")]
    Task RecordAuditAsync(string action, int? version, string by, string detail);

    /// <summary>Every audited change to the model, oldest first.</summary>
    [Alias("GetAudit"), ReadOnly]
    Task<AuditEntry[]> GetAuditAsync();
}
