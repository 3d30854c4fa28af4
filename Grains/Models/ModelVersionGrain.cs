using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Inference;
using Orleans.Rec.Validation;

namespace Orleans.Rec.Models;

/// <summary>
/// One model version: receives and validates its upload, quantizes it when asked, and is the only writer of its
/// artifact (compressed and encrypted by the <see cref="ArtifactPipeline"/>); keeps its config and manifest.
/// </summary>
public sealed class ModelVersionGrain(
    [PersistentState("version", RecNames.ModelStorage)] IPersistentState<ModelVersionRecord> state,
    ArtifactPipeline pipeline,
    IOptions<ArtifactOptions> options,
    TimeProvider time,
    ILogger<ModelVersionGrain> logger) : Grain, IModelVersionGrain
{
    private ArtifactUploadBuffer? _upload;

    public Task<ModelVersionInfo> InitializeAsync(ModelUpload upload)
    {
        EnsureNew();
        return StoreAsync(upload.Artifact, new ModelUploadRequest
        {
            Config = upload.Config,
            Quantization = upload.Quantization,
            Compression = upload.Compression,
            CreatedBy = upload.CreatedBy,
            Report = upload.Report,
        });
    }

    public Task BeginUploadAsync(long? expectedBytes)
    {
        EnsureNew();
        if (_upload is not null)
        {
            throw new ModelStateConflictException($"model version {this.GetPrimaryKeyString()} is already receiving an artifact");
        }

        _upload = new ArtifactUploadBuffer(expectedBytes);
        return Task.CompletedTask;
    }

    public Task AppendChunkAsync(byte[] chunk)
    {
        var upload = _upload ?? throw new ModelStateConflictException($"model version {this.GetPrimaryKeyString()} is not receiving an artifact");
        if (!upload.TryAppend(chunk))
        {
            _upload = null;
            throw new ModelValidationException("artifact is larger than its announced size");
        }

        return Task.CompletedTask;
    }

    public async Task<ModelVersionInfo> CompleteUploadAsync(ModelUploadRequest request)
    {
        var upload = _upload ?? throw new ModelStateConflictException($"model version {this.GetPrimaryKeyString()} is not receiving an artifact");
        _upload = null;
        var artifact = upload.Complete()
            ?? throw new ModelValidationException(string.Create(CultureInfo.InvariantCulture, $"artifact ended after {upload.Length} bytes, before its announced size"));
        return await StoreAsync(artifact, request);
    }

    public Task AbortUploadAsync()
    {
        _upload = null;
        if (state.State.Info is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
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
        if (ModelConfigRules.Check(updated) is { Count: > 0 } problems)
        {
            throw new ModelValidationException("invalid config", ModelInspector.ByPath("", problems));
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

    public async Task<ConfigRevision?> RevertConfigAsync(int revision, string revertedBy)
    {
        if (state.State.Config is null)
        {
            throw NotFound();
        }

        var earlier = state.State.Revisions.FirstOrDefault(r => r.Revision == revision);
        return earlier is null ? null : await UpdateConfigAsync(earlier.Serving, revertedBy);
    }

    public async Task<ModelVersionInfo> RecordLoadFailureAsync(string reason)
    {
        var info = state.State.Info ?? throw NotFound();
        state.State.Info = info with { FailureReason = reason };
        await state.WriteStateAsync();
        return state.State.Info;
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
            FailureReason = newState == ModelVersionState.Active ? null : info.FailureReason,
        };
        await state.WriteStateAsync();
        return state.State.Info;
    }

    private void EnsureNew()
    {
        if (state.State.Info is not null)
        {
            throw new ModelStateConflictException($"model version {this.GetPrimaryKeyString()} already exists");
        }
    }

    private async Task<ModelVersionInfo> StoreAsync(byte[] artifact, ModelUploadRequest request)
    {
        var (model, version) = ModelKeys.ParseVersionKey(this.GetPrimaryKeyString());
        var folder = ArtifactPaths.Folder(model, version);
        var config = request.Config;

        // CPU-bound work (ONNX Runtime, quantization, compression, encryption) runs off the grain scheduler.
        await Task.Run(() => ModelInspector.Validate(artifact, config));
        var uploadedSha = Convert.ToHexStringLower(SHA256.HashData(artifact));
        if (request.Report is { } report && CompressionReportRules.Check(report, uploadedSha, config.ItemIds.Length) is { Count: > 0 } reportProblems)
        {
            throw new ModelValidationException("invalid compression report: " + string.Join("; ", reportProblems));
        }

        var served = artifact;
        double? agreement = null;
        var k = 0;
        if (request.Quantization != ArtifactQuantization.None)
        {
            var settings = options.Value;
            served = await Task.Run(() => OnnxQuantizer.Quantize(artifact, request.Quantization));
            (var measured, k) = await Task.Run(() => AgreementProbe.MeasureAsync(artifact, served, request.Quantization, config, settings.ProbeHistories));
            agreement = Math.Round(measured, 4);
            ArtifactLog.Quantized(logger, folder, request.Quantization, artifact.LongLength, served.LongLength, k, measured);
            if (measured < settings.MinimumAgreement)
            {
                ArtifactLog.AgreementTooLow(logger, folder, request.Quantization, k, measured, settings.MinimumAgreement);
                throw new ModelValidationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{request.Quantization.ToString().ToLowerInvariant()} quantization keeps a top-{k} agreement of {measured:0.0000} with the uploaded model, below the minimum {settings.MinimumAgreement:0.00##}"));
            }
        }

        var writeSettings = new ArtifactWriteSettings
        {
            Compression = request.Compression,
            Quantization = request.Quantization,
            Agreement = agreement,
            AgreementK = k,
            UploadedBytes = artifact.LongLength,
            CreatedBy = request.CreatedBy,
        };
        var manifest = await Task.Run(async () =>
        {
            await using var source = new MemoryStream(served, writable: false);
            return await pipeline.WriteAsync(folder, source, writeSettings);
        });

        state.State.Config = config;
        state.State.Revisions = [new ConfigRevision { Revision = 1, Serving = ServingConfig.From(config), At = manifest.CreatedAt, By = request.CreatedBy }];
        state.State.Info = new ModelVersionInfo
        {
            Model = model,
            Version = version,
            State = ModelVersionState.Validated,
            CreatedAt = manifest.CreatedAt,
            CreatedBy = request.CreatedBy,
            ArtifactBytes = artifact.LongLength,
            ArtifactSha256 = uploadedSha,
            Signature = config.Signature,
            ItemCount = config.ItemIds.Length,
            HistoryLength = config.HistoryLength,
            Training = config.Training,
            Manifest = manifest,
            Compression = request.Report,
            Parent = request.Parent,
            Relation = request.Parent is null ? null : request.Relation,
        };
        await state.WriteStateAsync();
        return state.State.Info;
    }

    private ModelNotFoundException NotFound() => new($"model version {this.GetPrimaryKeyString()} does not exist");
}
