using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>
/// Loads each model version at most once per silo (concurrent first requests share one load) and keeps its session
/// for every caller on the silo.
/// </summary>
public sealed class InferenceEngine(
    IGrainFactory grainFactory,
    ArtifactPipeline artifacts,
    OnnxSessionFactory sessions,
    IOptions<InferenceOptions> options,
    TimeProvider time,
    ILogger<InferenceEngine> logger) : IInferenceEngine, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedModel>>> _loaded = new(StringComparer.Ordinal);

    public IReadOnlyList<LoadedModel> Loaded =>
        _loaded.Values.Where(e => e.IsValueCreated && e.Value.IsCompletedSuccessfully).Select(e => e.Value.Result).ToArray();

    public async Task<LoadedModel> EnsureLoadedAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var key = ModelKeys.VersionKey(model, version);
        var lazy = _loaded.GetOrAdd(key, _ => new Lazy<Task<LoadedModel>>(() => Task.Run(() => LoadAsync(model, version))));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed load must not stick: the next request tries again.
            _loaded.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedModel>>>(key, lazy));
            throw;
        }
    }

    public bool Unload(string model, int version, TimeSpan grace)
    {
        if (!_loaded.TryRemove(ModelKeys.VersionKey(model, version), out var entry))
        {
            return false;
        }

        if (entry.IsValueCreated)
        {
            _ = DisposeLaterAsync(entry.Value, grace);
        }

        return true;
    }

    /// <summary>Releases an unloaded version's session once the requests already queued for it had time to finish.</summary>
    private async Task DisposeLaterAsync(Task<LoadedModel> loading, TimeSpan grace)
    {
        await ((Task)loading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (loading.IsCompletedSuccessfully)
        {
            await Task.Delay(grace, time);
            loading.Result.Dispose();
        }
    }

    /// <summary>
    /// Applies serving config changes (batching, history length, k limits) to the versions loaded on this silo,
    /// without a reload. Called on an interval by <see cref="ModelConfigWatcher"/>.
    /// </summary>
    public async Task RefreshConfigsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var entry in _loaded.Values)
        {
            if (!entry.IsValueCreated || !entry.Value.IsCompletedSuccessfully)
            {
                continue;
            }

            var loaded = entry.Value.Result;
            var grain = grainFactory.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(loaded.Model, loaded.Version));
            var revision = await grain.GetConfigRevisionAsync().WaitAsync(cancellationToken);
            if (revision.Revision != loaded.ConfigRevision)
            {
                loaded.Reconfigure(await grain.GetConfigAsync().WaitAsync(cancellationToken), revision.Revision);
                RecLog.ConfigApplied(logger, loaded.Model, loaded.Version, revision.Revision);
            }
        }
    }

    private async Task<LoadedModel> LoadAsync(string model, int version)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var grain = grainFactory.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(model, version));
            var revision = await grain.GetConfigRevisionAsync();
            var config = await grain.GetConfigAsync();
            var manifest = (await grain.GetInfoAsync())?.Manifest;
            byte[] artifact;
            if (manifest is null)
            {
                // A version stored before artifacts were encrypted (plain model.onnx).
                artifact = await artifacts.Store.ReadAsync(ModelKeys.ArtifactKey(model, version));
            }
            else
            {
                // Decrypted and decompressed in memory only; the manifest in grain state is the reference for the digests.
                artifact = await artifacts.ReadAllAsync(ArtifactPaths.Folder(model, version), manifest);
            }

            var created = sessions.Create(model, version, config, artifact, manifest?.Quantization ?? ArtifactQuantization.None);
            var loaded = new LoadedModel(model, version, config, created.Session, created.Device, time, options.Value.BatchInstances, options.Value.IoBinding, created.DeviceId);
            loaded.Reconfigure(config, revision.Revision);

            // Warm-up: the first runs pay for kernel selection and arena growth; do it before traffic arrives.
            await loaded.WarmUpAsync();
            loaded.MarkReady(stopwatch.Elapsed);
            RecLog.ModelLoaded(logger, model, version, created.Device, stopwatch.ElapsedMilliseconds, config.ItemIds.Length);
            return loaded;
        }
        catch (Exception e)
        {
            RecLog.ModelLoadFailed(logger, e, model, version);
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var entry in _loaded.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                entry.Value.Result.Dispose();
            }
        }

        _loaded.Clear();
    }
}
