using Orleans.Concurrency;
using Orleans.Rec.Models;

namespace Orleans.Rec;

/// <summary>The registry of one model (key: model name): its versions, the active one and the activation history.</summary>
[Alias("rec.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores a new version; numbers are assigned 1, 2, 3…</summary>
    /// <exception cref="ModelValidationException">The artifact does not load or does not match its config.</exception>
    [Alias("RegisterVersion")]
    Task<ModelVersionInfo> RegisterVersionAsync(ModelUpload upload);

    /// <summary>Every version of the model, oldest first.</summary>
    [Alias("GetVersions"), ReadOnly]
    Task<ModelVersionInfo[]> GetVersionsAsync();

    /// <summary>One version, or null when the model has no such version.</summary>
    [Alias("GetVersion"), ReadOnly]
    Task<ModelVersionInfo?> GetVersionAsync(int version);

    /// <summary>Loads, warms and then activates a version; the previously active one becomes staged.</summary>
    /// <exception cref="ModelNotFoundException">No such version.</exception>
    /// <exception cref="ModelStateConflictException">The version cannot be activated in its state.</exception>
    [Alias("Activate")]
    Task<ModelVersionInfo> ActivateAsync(int version, string activatedBy);

    /// <summary>The version now serving, or null when none is active. Answers even while an activation is loading.</summary>
    [Alias("GetActiveVersion"), AlwaysInterleave]
    Task<int?> GetActiveVersionAsync();
}
