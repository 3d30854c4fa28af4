using Orleans.Rec.Events;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>An open attribution window survives a full cluster restart and is counted once.</summary>
public sealed class AttributionRestartTests
{
    [Fact]
    public async Task Window_WhenClusterRestartsWhileOpen_ClosesAfterAndCountsOnce()
    {
        using var dataDir = new TempDirectory("rec-attr-restart");
        const string model = "attr-model";
        const string user = "attr-user";
        var t0 = DateTimeOffset.UnixEpoch;
        UserEvent View(string id, string item, int minute) => new() { EventId = id, UserId = user, ItemId = item, Type = UserEventType.View, Timestamp = t0.AddMinutes(minute) };

        var first = await RecCluster.StartAsync(dataDir.Path);
        try
        {
            var registry = first.Client.GetGrain<IModelRegistryGrain>(model);
            var info = await registry.RegisterVersionAsync(new ModelUpload { Artifact = TinyModel.Artifact(), Config = TinyModel.Config() with { AttributionEvents = 2 }, CreatedBy = "test" });
            await registry.ActivateAsync(info.Version, "test");
            var profile = first.Client.GetGrain<IUserProfileGrain>(user);
            await profile.ApplyEventsAsync([View("r1", "a", 0)]);
            var recs = await profile.GetRecommendationsAsync(2, model);
            Assert.Equal(["a", "d"], recs.Items.Select(i => i.ItemId));
            await profile.ApplyEventsAsync([View("r2", "d", 1)]);
            Assert.Equal(0, await profile.PersistAsync(["r1", "r2"]));
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        var second = await RecCluster.StartAsync(dataDir.Path);
        try
        {
            var profile = second.Client.GetGrain<IUserProfileGrain>(user);
            Assert.Equal(0, await profile.ApplyEventsAsync([View("r2", "d", 1)]));
            Assert.Equal(1, await profile.ApplyEventsAsync([View("r3", "c", 2)]));
            await profile.PersistAsync(["r3"]);
            await profile.PersistAsync(["r3"]);

            var monitor = second.Client.GetGrain<IModelMonitorGrain>(ModelKeys.MonitorKey(model, 1));
            var accuracy = await monitor.GetAccuracyAsync();

            Assert.Equal(
                new AccuracyFigures { Impressions = 1, WithInteractions = 1, HitImpressions = 1, PrecisionAtK = 0.5, RecallAtK = 0.5, F1 = 0.5, HitRate = 1 },
                accuracy.Overall);

            // A report repeated (a profile that crashed before saving that it had reported) is not counted again.
            await monitor.ReportAsync(user, [new ImpressionOutcome { Sequence = 1, Model = model, Version = 1, K = 2, Hits = 2, Interacted = 2 }]);
            var after = await monitor.GetAccuracyAsync();
            Assert.Equal(accuracy.Overall, after.Overall);
            Assert.Equal(accuracy.ByType, after.ByType);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
