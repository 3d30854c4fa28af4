using Orleans.Concurrency;
using Orleans.Rec.Models;

namespace Orleans.Rec;

/// <summary>One model version (key: <c>name/version</c>): owns its artifact and config.</summary>
[Alias("rec.IModelVersionGrain")]
public interface IModelVersionGrain : IGrainWithStringKey
{
    /// <summary>Validates the upload in ONNX Runtime and stores the artifact; only the registry calls this.</summary>
    /// <exception cref="ModelValidationException">The artifact does not load or does not match its config.</exception>
    [Alias("Initialize"), ResponseTimeout("00:30:00")]
    Task<ModelVersionInfo> InitializeAsync(ModelUpload upload);

    /// <summary>Starts receiving an artifact in chunks (registry reserved the version first).</summary>
    /// <param name="expectedBytes">The artifact's size when the sender knows it, so the buffer is allocated once.</param>
    /// <exception cref="ModelStateConflictException">The version already exists or is already receiving.</exception>
    [Alias("BeginUpload")]
    Task BeginUploadAsync(long? expectedBytes);

    /// <summary>Appends the next chunk of the artifact being received.</summary>
    /// <exception cref="ModelStateConflictException">No upload is in progress.</exception>
    /// <exception cref="ModelValidationException">The chunks exceed the expected size.</exception>
    [Alias("AppendChunk")]
    Task AppendChunkAsync(byte[] chunk);

    /// <summary>Validates, optionally quantizes, compresses, encrypts and stores the received artifact.</summary>
    /// <exception cref="ModelValidationException">The artifact does not load, does not match its config, or loses too much agreement when quantized.</exception>
    [Alias("CompleteUpload"), ResponseTimeout("00:30:00")]
    Task<ModelVersionInfo> CompleteUploadAsync(ModelUploadRequest request);

    /// <summary>Drops a partly received artifact.</summary>
    [Alias("AbortUpload")]
    Task AbortUploadAsync();

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

    /// <summary>
    /// Restores the serving config of an earlier revision as a new revision (history is never rewritten); silos apply
    /// it to the running version like any config change. Null when the version has no such revision.
    /// </summary>
    /// <exception cref="ModelNotFoundException">The version was never initialized.</exception>
    [Alias("RevertConfig")]
    Task<ConfigRevision?> RevertConfigAsync(int revision, string revertedBy);

    /// <summary>Records why the version could not be loaded (its stored artifact could not be opened); registry only.</summary>
    [Alias("RecordLoadFailure")]
    Task<ModelVersionInfo> RecordLoadFailureAsync(string reason);

    /// <summary>Moves the version to a new lifecycle state (registry only); becoming active clears a recorded load failure.</summary>
    [Alias("SetState")]
    Task<ModelVersionInfo> SetStateAsync(ModelVersionState state);
}
