using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Silo;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>
/// A silo's <c>/health/ready</c>: not ready until every version that takes traffic is loaded and warmed on that silo,
/// and a missing version starts loading there (an unready silo gets no request that would load it).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloReadinessTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SiloReady_UntilTheActiveVersionIsLoadedOnThisSilo_IsUnhealthyAndStartsTheLoad()
    {
        var model = ApiCalls.NewId("ready");
        var registry = fixture.Client.GetGrain<IModelRegistryGrain>(model);
        var info = await registry.RegisterVersionAsync(new ModelUpload { Artifact = TinyModel.Artifact(), Config = TinyModel.Config(), CreatedBy = "test" });
        await registry.ActivateAsync(info.Version, "test");
        using var engine = new PendingEngine(model);
        var check = new SiloReadyHealthCheck(fixture.Client, engine);

        var loading = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, loading.Status);
        Assert.Contains($"{model} v{info.Version}", loading.Description, StringComparison.Ordinal);
        Assert.Contains((model, info.Version), engine.Requested);

        engine.Finish(model, info.Version);
        var ready = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, ready.Status);
    }

    /// <summary>
    /// An engine whose loads of <paramref name="pendingModel"/> finish when the test says so; the shared cluster's
    /// other models (other tests') load at once.
    /// </summary>
    private sealed class PendingEngine(string pendingModel) : IInferenceEngine, IDisposable
    {
        private readonly List<LoadedModel> _loaded = [];

        public List<(string Model, int Version)> Requested { get; } = [];

        public IReadOnlyList<LoadedModel> Loaded
        {
            get
            {
                lock (_loaded)
                {
                    return [.. _loaded];
                }
            }
        }

        public Task<LoadedModel> EnsureLoadedAsync(string model, int version, CancellationToken cancellationToken = default)
        {
            lock (Requested)
            {
                Requested.Add((model, version));
            }

            return model == pendingModel ? new TaskCompletionSource<LoadedModel>().Task : Task.FromResult(Finish(model, version));
        }

        public LoadedModel Finish(string model, int version)
        {
            var loaded = new LoadedModel(model, version, TinyModel.Config(), OnnxSessionFactory.CreateForInspection(TinyModel.Artifact()), "cpu");
            loaded.MarkReady(TimeSpan.Zero);
            lock (_loaded)
            {
                _loaded.Add(loaded);
            }

            return loaded;
        }

        public bool Unload(string model, int version, TimeSpan grace) => false;

        public Task RefreshConfigsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Dispose()
        {
            foreach (var model in _loaded)
            {
                model.Dispose();
            }
        }
    }
}
