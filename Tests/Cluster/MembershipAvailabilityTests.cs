using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Cluster;

/// <summary>A model's history counts silos joining and leaving, and whether the version was loaded on all of them.</summary>
public sealed class MembershipAvailabilityTests
{
    [Fact]
    public async Task Availability_WhenASiloJoinsAndLeaves_CountsTwoMembershipChanges()
    {
        using var dataDir = new TempDirectory("rec-membership");
        const string model = "membership-model";
        var cluster = await RecCluster.StartAsync(dataDir.Path, silos: 1);
        try
        {
            var registry = cluster.Client.GetGrain<IModelRegistryGrain>(model);
            var info = await registry.RegisterVersionAsync(new ModelUpload { Artifact = TinyModel.Artifact(), Config = TinyModel.Config(), CreatedBy = "test" });
            await registry.ActivateAsync(info.Version, "test");
            var history = cluster.Client.GetGrain<IModelHistoryGrain>(model);
            await history.SampleAsync();
            var management = cluster.Client.GetGrain<IManagementGrain>(0);

            var joined = await cluster.StartAdditionalSiloAsync();
            await Eventually.GetAsync(() => management.GetHosts(onlyActive: true), h => h.Count == 2);
            var withTwo = (await history.SampleAsync()).Single(v => v.Version == info.Version).Samples.Single();
            await cluster.StopSiloAsync(joined);
            await Eventually.GetAsync(() => management.GetHosts(onlyActive: true), h => h.Count == 1);
            await history.SampleAsync();
            var availability = await history.GetAvailabilityAsync(info.Version);
            var samples = (await history.GetHistoryAsync(TimeSpan.FromHours(1))).Versions.Single(v => v.Version == info.Version).Samples;

            Assert.Equal(2, withTwo.SilosActive);
            Assert.Equal(2, availability.MembershipChanges);
            Assert.True(availability.Samples >= 2, $"{availability.Samples} samples");
            Assert.Equal(samples.Length, availability.Samples);
            Assert.Equal(samples.Count(s => s.SilosLoaded >= s.SilosActive), availability.SamplesLoadedEverywhere);
            Assert.Equal(1, samples[^1].SilosActive);
            Assert.Equal(1, samples[^1].SilosLoaded);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
