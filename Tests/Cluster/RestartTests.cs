using Orleans.Rec.Events;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>A full restart of the cluster keeps profiles and the active model version (file-backed state).</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Cluster_WhenRestartedOnSameDataFolder_KeepsProfilesAndActiveVersion()
    {
        using var dataDir = new TempDirectory("rec-restart");
        const string model = "restart-model";
        const string user = "restart-user";

        var first = await RecCluster.StartAsync(dataDir.Path);
        try
        {
            var registry = first.Client.GetGrain<IModelRegistryGrain>(model);
            var info = await registry.RegisterVersionAsync(new ModelUpload { Artifact = TinyModel.Artifact(), Config = TinyModel.Config(), CreatedBy = "test" });
            await registry.ActivateAsync(info.Version, "test");

            var stream = first.Client.GetStreamProvider(RecNames.EventStreamProvider)
                .GetStream<UserEvent>(StreamId.Create(RecNames.UserEventsNamespace, user));
            await stream.OnNextBatchAsync(
            [
                new UserEvent { EventId = "r1", UserId = user, ItemId = "a", Type = UserEventType.View, Timestamp = DateTimeOffset.UnixEpoch },
                new UserEvent { EventId = "r2", UserId = user, ItemId = "d", Type = UserEventType.Purchase, Timestamp = DateTimeOffset.UnixEpoch.AddMinutes(1), CategoryId = "c7" },
            ]);
            var before = await Eventually.GetAsync(() => first.Client.GetGrain<IUserProfileGrain>(user).GetProfileAsync(), p => p.EventCount == 2);
            Assert.Equal(2, before.EventCount);
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        var second = await RecCluster.StartAsync(dataDir.Path);
        try
        {
            var profile = await second.Client.GetGrain<IUserProfileGrain>(user).GetProfileAsync();
            var active = await second.Client.GetGrain<IModelRegistryGrain>(model).GetActiveVersionAsync();
            var recs = await second.Client.GetGrain<IUserProfileGrain>(user).GetRecommendationsAsync(2, model);

            Assert.Equal(2, profile.EventCount);
            Assert.Equal(["a"], profile.RecentViews);
            Assert.Equal(["d"], profile.Purchases);
            Assert.Equal(["c7"], profile.TopCategories);
            Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(1), profile.LastEventAt);
            Assert.Equal(1, active);
            Assert.Equal(FallbackReason.None, recs.Fallback);
            Assert.Equal(1, recs.Version);
            Assert.Equal(["a", "c"], recs.Items.Select(i => i.ItemId));

            // Redelivery after the restart is still recognised.
            var applied = await second.Client.GetGrain<IUserProfileGrain>(user).ApplyEventsAsync(
                [new UserEvent { EventId = "r1", UserId = user, ItemId = "a", Type = UserEventType.View, Timestamp = DateTimeOffset.UnixEpoch }]);
            Assert.Equal(0, applied);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cluster_WhenProfilesMoveFromFilesToTheLog_ReadsTheOldStateAndTheNextWriteMovesIt()
    {
        using var dataDir = new TempDirectory("rec-store-upgrade");
        const string user = "upgrade-user";
        var stateRoot = Path.Combine(dataDir.Path, "state");

        var files = await RecCluster.StartAsync(dataDir.Path, silos: 1, new Dictionary<string, string> { ["Rec:Profiles:Store"] = "Files" });
        try
        {
            await files.Client.GetGrain<IUserProfileGrain>(user).ApplyEventsAsync(
                [new UserEvent { EventId = "u1", UserId = user, ItemId = "a", Type = UserEventType.View, Timestamp = DateTimeOffset.UnixEpoch }]);
        }
        finally
        {
            await files.StopAllSilosAsync();
            await files.DisposeAsync();
        }

        var profileFile = Assert.Single(Directory.GetFiles(stateRoot, $"{user}.json", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(stateRoot, ".log")));

        var log = await RecCluster.StartAsync(dataDir.Path, silos: 1);
        try
        {
            var grain = log.Client.GetGrain<IUserProfileGrain>(user);
            Assert.Equal(1, (await grain.GetProfileAsync()).EventCount);

            await grain.ApplyEventsAsync(
                [new UserEvent { EventId = "u2", UserId = user, ItemId = "b", Type = UserEventType.View, Timestamp = DateTimeOffset.UnixEpoch.AddMinutes(1) }]);
            await Eventually.GetAsync(() => Task.FromResult(File.Exists(profileFile)), exists => !exists);

            Assert.False(File.Exists(profileFile));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(stateRoot, ".log", RecNames.ProfileStorage), "*.seg"));
        }
        finally
        {
            await log.StopAllSilosAsync();
            await log.DisposeAsync();
        }

        var again = await RecCluster.StartAsync(dataDir.Path, silos: 1);
        try
        {
            var profile = await again.Client.GetGrain<IUserProfileGrain>(user).GetProfileAsync();
            Assert.Equal(2, profile.EventCount);
            Assert.Equal(["a", "b"], profile.RecentViews);
        }
        finally
        {
            await again.StopAllSilosAsync();
            await again.DisposeAsync();
        }
    }
}
