using Orleans.Concurrency;
using Orleans.Rec.Models;

namespace Orleans.Rec;

/// <summary>One model version (key: <c>name/version</c>): owns its artifact and config.</summary>
[Alias("rec.IModelVersionGrain")]
public interface IModelVersionGrain : IGrainWithStringKey
{
    /// <summary>Validates the upload in ONNX Runtime and stores the artifact; only the registry calls this.</summary>
    /// <exception cref="ModelValidationException">The artifact does not load or does not match its config.</exception>
    [Alias("Initialize")]
    Task<ModelVersionInfo> InitializeAsync(ModelUpload upload);

    /// <summary>The version's info, or null when it was never initialized.</summary>
    [Alias("GetInfo"), ReadOnly]
    Task<ModelVersionInfo?> GetInfoAsync();

    /// <summary>The version's config.</summary>
    /// <exception cref="ModelNotFoundException">The version was never initialized.</exception>
    [Alias("GetConfig"), ReadOnly]
    Task<ModelConfig> GetConfigAsync();

    /// <summary>The current serving config revision.</summary>
    [Alias("GetConfigRevision"), ReadOnly]
    Task<ConfigRevision> GetConfigRevisionAsync();

    /// <summary>Every serving config revision, oldest first.</summary>
    [Alias("GetConfigHistory"), ReadOnly]
    Task<ConfigRevision[]> GetConfigHistoryAsync();

    /// <summary>Validates and records a new serving config; silos apply it to the running version.</summary>
    /// <exception cref="ModelValidationException">The config breaks a rule (every problem is named).</exception>
    [Alias("UpdateConfig")]
    Task<ConfigRevision> UpdateConfigAsync(ServingConfig serving, string updatedBy);

    /// <summary>Moves the version to a new lifecycle state (registry only).</summary>
    [Alias("SetState")]
    Task<ModelVersionInfo> SetStateAsync(ModelVersionState state);
}
