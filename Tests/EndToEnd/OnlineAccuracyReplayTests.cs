using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Inference;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Data;
using Orleans.Rec.Tools.Training;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Orleans.Rec.Tests.EndToEnd;

/// <summary>
/// Online accuracy on real events: a model trained on the first part of the DIGINETICA sample, the held-out rest of it
/// replayed through the gateway with recommendations asked along the way (every other user's from the silo holding the
/// profile without a grain call, as the co-hosted API asks them); the platform's figures must equal an
/// independent offline computation over the same served lists and events.
/// </summary>
public sealed class OnlineAccuracyReplayTests(ITestOutputHelper output)
{
    private const int Users = 40;
    private const int K = 10;
    private const int MaxEvents = 20;
    private static readonly TimeSpan MaxSpan = TimeSpan.FromMinutes(30);

    [SharedDataFact]
    public async Task Replay_WhenHeldOutEventsAreReplayed_OnlineAccuracyEqualsOfflineComputation()
    {
        var all = EventLog.Open(SharedData.PathOf("diginetica_sample/sample_train-item-views.csv")).Read()
            .DistinctBy(e => e.EventId).OrderBy(e => e.Timestamp).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
        var cut = all[all.Count * 4 / 5].Timestamp;
        var training = SequenceDataset.Build(all.Where(e => e.Timestamp < cut));
        var trained = new CooccurrenceEmbeddingTrainer(new TrainingOptions { Dimensions = 32, Seed = 42 }).Train(training.Sequences, training.ItemIds);
        var (onnx, config) = ModelArtifacts.Create(trained, historyLength: 50, training: null);
        var heldOut = all.Where(e => e.Timestamp >= cut).GroupBy(e => e.UserId, StringComparer.Ordinal)
            .Where(g => g.Count() >= 4).OrderBy(g => g.Key, StringComparer.Ordinal).Take(Users)
            .Select(g => g.ToList()).ToList();

        using var dataDir = new TempDirectory("rec-replay");
        var cluster = await RecCluster.StartAsync(dataDir.Path);
        await using var gateway = new GatewayFactory(cluster);
        try
        {
            var model = ApiCalls.NewId("replay");
            var registry = cluster.Client.GetGrain<IModelRegistryGrain>(model);
            var info = await registry.RegisterVersionAsync(new Models.ModelUpload { Artifact = onnx, Config = config, CreatedBy = "test" });
            await registry.ActivateAsync(info.Version, "test");
            using var http = gateway.CreateClient();

            // Before every event but the first, a list; events go through the ingest path, one at a time. Every other user
            // is served as the co-hosted API serves: by the silo holding the profile, without a grain call.
            var local = cluster.Silos.Cast<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<ILocalRecommendations>()).ToArray();
            var impressions = new List<(int? Version, string[] Items, List<InteractionEvent> Events, int Position)>();
            foreach (var (events, user) in heldOut.Select((events, user) => (events, user)))
            {
                var applied = 0;
                for (var i = 0; i < events.Count; i++)
                {
                    if (i > 0)
                    {
                        var served = user % 2 == 0
                            ? await ServedOverHttpAsync(http, events[0].UserId, model)
                            : await ServedLocallyAsync(local, events[0].UserId, model);
                        impressions.Add((served.Version, served.Items, events, i));
                    }

                    await http.PostEventsAsync(Json(events[i]));
                    applied++;
                    await http.ProfileWithEventsAsync(events[0].UserId, applied);
                }
            }

            var expectedModel = Offline(impressions.Where(x => x.Version == info.Version));
            var expectedFallback = Offline(impressions.Where(x => x.Version is null));
            Assert.True(expectedModel.Impressions >= 10, $"only {expectedModel.Impressions} model impressions closed");

            var online = await Eventually.GetAsync(
                async () => (await http.GetFromJsonAsync<VersionMetricsResponse>($"/v1/models/{model}/versions/{info.Version}/metrics", ApiCalls.Json))!,
                m => m.Accuracy.Overall.Impressions >= expectedModel.Impressions);
            var fallback = await Eventually.GetAsync(
                async () => (await http.GetFromJsonAsync<VersionMetricsResponse>($"/v1/models/{model}/fallback/metrics", ApiCalls.Json))!,
                m => m.Accuracy.Overall.Impressions >= expectedFallback.Impressions);

            output.WriteLine($"model: {online.Accuracy.Overall}\nfallback: {fallback.Accuracy.Overall}\nserved lists: {impressions.Count}");
            AssertSame(expectedModel, online.Accuracy.Overall);
            AssertSame(expectedFallback, fallback.Accuracy.Overall);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static async Task<(int? Version, string[] Items)> ServedOverHttpAsync(HttpClient http, string user, string model)
    {
        var recs = await http.RecommendAsync(user, K, model);
        return (recs.Version, recs.Items.Select(r => r.ItemId).ToArray());
    }

    /// <summary>From the one silo where the profile is active (it has just applied an event).</summary>
    private static async Task<(int? Version, string[] Items)> ServedLocallyAsync(ILocalRecommendations[] silos, string user, string model)
    {
        foreach (var silo in silos)
        {
            if (await silo.TryRecommendAsync(user, K, model) is { } result)
            {
                return (result.Version, result.Items.Select(r => r.ItemId).ToArray());
            }
        }

        throw new Xunit.Sdk.XunitException($"no silo holds the active profile of {user}");
    }

    /// <summary>The definitions, computed directly over the replayed events: closed windows only.</summary>
    private static AccuracyFiguresResponse Offline(IEnumerable<(int? Version, string[] Items, List<InteractionEvent> Events, int Position)> impressions)
    {
        long count = 0, withInteractions = 0, hitImpressions = 0;
        double precision = 0, recall = 0;
        foreach (var (_, items, events, position) in impressions)
        {
            var anchor = events.Take(position).Max(e => e.Timestamp);
            var window = new List<InteractionEvent>();
            var closed = false;
            foreach (var e in events.Skip(position))
            {
                if (e.Timestamp - anchor > MaxSpan)
                {
                    closed = true;
                    break;
                }

                window.Add(e);
                if (window.Count == MaxEvents)
                {
                    closed = true;
                    break;
                }
            }

            if (!closed || items.Length == 0)
            {
                continue;
            }

            var interacted = window.Select(e => e.ItemId).ToHashSet(StringComparer.Ordinal);
            var hits = items.Count(interacted.Contains);
            count++;
            precision += (double)hits / items.Length;
            if (interacted.Count > 0)
            {
                withInteractions++;
                recall += (double)hits / interacted.Count;
            }

            hitImpressions += hits > 0 ? 1 : 0;
        }

        var p = count == 0 ? 0 : precision / count;
        var r = withInteractions == 0 ? 0 : recall / withInteractions;
        return new AccuracyFiguresResponse(count, withInteractions, hitImpressions, p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), count == 0 ? 0 : (double)hitImpressions / count);
    }

    /// <summary>Counts exactly; means to 1e-12, as the platform adds the same terms in another order.</summary>
    private static void AssertSame(AccuracyFiguresResponse expected, AccuracyFiguresResponse actual)
    {
        Assert.Equal((expected.Impressions, expected.WithInteractions, expected.HitImpressions), (actual.Impressions, actual.WithInteractions, actual.HitImpressions));
        Assert.Equal(expected.PrecisionAtK, actual.PrecisionAtK, 1e-12);
        Assert.Equal(expected.RecallAtK, actual.RecallAtK, 1e-12);
        Assert.Equal(expected.F1, actual.F1, 1e-12);
        Assert.Equal(expected.HitRate, actual.HitRate, 1e-12);
    }

    private static object Json(InteractionEvent e) => new
    {
        eventId = e.EventId,
        userId = e.UserId,
        itemId = e.ItemId,
        type = e.Type switch { InteractionType.Cart => "cart", InteractionType.Purchase => "purchase", _ => "view" },
        timestamp = e.Timestamp,
        categoryId = e.CategoryId,
    };
}
