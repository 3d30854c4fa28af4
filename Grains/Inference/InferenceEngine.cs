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
    IArtifactStore artifacts,
    OnnxSessionFactory sessions,
    IOptions<InferenceOptions> options,
    TimeProvider time,
    ILogger<InferenceEngine> logger) : IInferenceEngine, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedModel>>> _loaded = new(StringComparer.Ordinal);

    public async Task<PredictionResult> PredictAsync(PredictionRequest request, CancellationToken cancellationToken = default)
    {
        var model = await EnsureLoadedAsync(request.Model, request.Version, cancellationToken);
        return await model.PredictAsync(request.History, request.K, request.Exclude, RequestDeadline.Current);
    }

    public async Task<LoadedModel> EnsureLoadedAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var key = ModelKeys.VersionKey(model, version);
        var lazy = _loaded.GetOrAdd(key, _ => new Lazy<Task<LoadedModel>>(() => LoadAsync(model, version)));
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

    private async Task<LoadedModel> LoadAsync(string model, int version)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var config = await grainFactory.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(model, version)).GetConfigAsync();
            var artifact = await artifacts.ReadAsync(ModelKeys.ArtifactKey(model, version));
            var created = sessions.Create(model, version, config, artifact);
            var loaded = new LoadedModel(model, version, config, created.Session, created.Device, time, options.Value.BatchInstances);

            // Warm-up: the first runs pay for kernel selection and arena growth; do it before traffic arrives.
            await loaded.WarmUpAsync();
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
