using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Rec.Impressions;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Profiles;
using Orleans.Rec.Serving;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

/// <summary>
/// The recommendation path's steps on the four-item model of <see cref="TinyModel"/> (a history of just <c>a</c>
/// scores a=1, d=0.9, c=0.5, b=0), with the silo's services in process and a policy handed to the silo's cache.
/// </summary>
public sealed class RecommendationPipelineTests : IDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly ListImpressions _impressions = new();
    private readonly TrafficPolicyCache _traffic = new(_ => Task.FromResult(new TrafficPolicy()), TimeProvider.System);
    private readonly RecommendationPipeline _pipeline;

    public RecommendationPipelineTests()
    {
        // The popularity fallback is not reached here (it asks the cluster's popularity grain).
        var popularity = new PopularityTracker(null!, Options.Create(new PopularityOptions()), TimeProvider.System, NullLogger<PopularityTracker>.Instance);
        _pipeline = new RecommendationPipeline(_traffic, _engine, popularity, _impressions, TimeProvider.System, NullLogger<RecommendationPipeline>.Instance);
    }

    [Fact]
    public async Task Recommend_WithAnActiveVersion_ScoresTheKnownHistoryAndLeavesOutPurchases()
    {
        _traffic.Apply("m", new TrafficPolicy { Active = 1, Revision = 1 });

        var recommendation = await _pipeline.RecommendAsync("u", "m", 2, ["zzz", "a"], new HashSet<string> { "d" });

        var result = recommendation.Result;
        Assert.Equal(("u", "m", 1, FallbackReason.None), (result.UserId, result.Model, result.Version, result.Fallback));
        Assert.Equal([new ScoredItem("a", 1f), new ScoredItem("c", 0.5f)], result.Items);
        Assert.Equal((TinyModel.Config().AttributionEvents, TinyModel.Config().AttributionWindow), (recommendation.AttributionEvents, recommendation.AttributionWindow));
        Assert.Equal([("m", 1)], _engine.Requested);
    }

    [Fact]
    public async Task Recommend_WithAShadow_ScoresACopyOnTheShadowVersionOffThePath()
    {
        _traffic.Apply("m", new TrafficPolicy { Active = 1, Shadow = 2, Revision = 1 });

        var recommendation = await _pipeline.RecommendAsync("u", "m", 2, ["a"], new HashSet<string>());
        var shadow = _engine.Model(2);
        var shadowRequests = await Eventually.GetAsync(() => Task.FromResult(shadow.Status("test").Requests), n => n > 0, TimeSpan.FromSeconds(10));

        Assert.Equal(1, recommendation.Result.Version);
        Assert.Equal(1, shadowRequests);
        Assert.Equal(1, _engine.Model(1).Status("test").Requests);
    }

    [Fact]
    public async Task Recommend_WhenTheVersionsQueueIsFull_AnswersOverloaded_WithNoItems()
    {
        _traffic.Apply("m", new TrafficPolicy { Active = 1, Revision = 1 });
        _engine.Batching = new BatchingConfig { MaxQueueLength = 0 };

        var recommendation = await _pipeline.RecommendAsync("u", "m", 2, ["a"], new HashSet<string>());

        var result = recommendation.Result;
        Assert.True(recommendation.Refused);
        Assert.Equal((1, FallbackReason.None, InferenceRefusal.Overloaded, 0), (result.Version, result.Fallback, result.Refusal, result.Items.Length));
        Assert.Equal((1L, 0L), (_engine.Model(1).Status("test").Shed, _engine.Model(1).Status("test").Requests));
    }

    [Fact]
    public async Task LocalRecommendations_WhenRefused_AnswerTheRefusal_AndRecordNothing()
    {
        _traffic.Apply("m", new TrafficPolicy { Active = 1, Revision = 1 });
        _engine.Batching = new BatchingConfig { MaxQueueLength = 0 };
        var profiles = new LocalProfiles();
        var profile = profiles.Add("u", ServingView.Of(["a"], new HashSet<string>()));
        var local = new LocalRecommendations(profiles, _pipeline, Options.Create(new ProfileOptions()));

        var result = await local.TryRecommendAsync("u", 2, "m");

        Assert.Equal(InferenceRefusal.Overloaded, result!.Refusal);
        Assert.Null(profile.TakeServed());
        Assert.Empty(_impressions.Published);
    }

    [Fact]
    public void PublishImpression_PublishesTheServedItemsWithTheServingTime()
    {
        var result = new RecommendationResult { UserId = "u", Model = "m", Version = 3, Items = [new ScoredItem("a", 1f), new ScoredItem("c", 0.5f)] };
        var servedAt = DateTimeOffset.UnixEpoch.AddDays(3);

        _pipeline.PublishImpression("u", ServedRecommendation.Of(new Recommendation(result, 5, TimeSpan.FromMinutes(2), servedAt)));

        var impression = Assert.Single(_impressions.Published);
        Assert.Equal(("u", "m", 3, servedAt), (impression.UserId, impression.Model, impression.Version, impression.Time));
        Assert.Equal(["a", "c"], impression.Items);
    }

    public void Dispose() => _engine.Dispose();

    /// <summary>The silo's inference service with the tiny model as every version; counts what it was asked.</summary>
    private sealed class FakeEngine : IInferenceEngine, IDisposable
    {
        private readonly Dictionary<int, LoadedModel> _models = [];

        public List<(string Model, int Version)> Requested { get; } = [];

        public IReadOnlyList<LoadedModel> Loaded => [.. _models.Values];

        /// <summary>The batching of versions loaded from now on.</summary>
        public BatchingConfig Batching { get; set; } = TinyModel.Config().Batching;

        public LoadedModel Model(int version)
        {
            lock (_models)
            {
                return _models.TryGetValue(version, out var model)
                    ? model
                    : _models[version] = new LoadedModel("m", version, TinyModel.Config() with { Batching = Batching }, OnnxSessionFactory.CreateForInspection(TinyModel.Artifact()), "cpu");
            }
        }

        public Task<LoadedModel> EnsureLoadedAsync(string model, int version, CancellationToken cancellationToken = default)
        {
            lock (Requested)
            {
                Requested.Add((model, version));
            }

            return Task.FromResult(Model(version));
        }

        public bool Unload(string model, int version, TimeSpan grace) => false;

        public Task RefreshConfigsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Dispose()
        {
            foreach (var model in _models.Values)
            {
                model.Dispose();
            }
        }
    }

    private sealed class ListImpressions : IImpressionLog
    {
        public List<Impression> Published { get; } = [];

        public long Dropped => 0;

        public bool TryPublish(Impression impression)
        {
            Published.Add(impression);
            return true;
        }
    }
}
