using System.Net.Http.Json;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>A silo leaving the three-silo cluster, found by the analysis as the cause, naming the silo.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class AnalysisMembershipTests(LifecycleFixture fixture)
{
    [Fact]
    public async Task SiloStopped_MembershipChangeRanksFirst_NamingTheSiloThatLeft()
    {
        // The model's history grain is activated first, on one of the cluster's three silos: the history is kept in
        // memory, and the silo that leaves must not be the one that holds it.
        var (model, _, user) = await fixture.Operator.DeployTinyWithViewerAsync("an-silo");
        var history = fixture.Cluster.Client.GetGrain<IModelHistoryGrain>(model);
        await history.SampleAsync();
        var extra = await fixture.Cluster.StartAdditionalSiloAsync();
        var stopped = false;
        try
        {
            await ActiveSilosSampledAsync(history, model, user, 4);
            await ServeAndSampleAsync(history, model, user);

            await fixture.Cluster.StopSiloAsync(extra);
            stopped = true;
            await ActiveSilosSampledAsync(history, model, user, 3);
            await ServeAndSampleAsync(history, model, user);

            var analysis = (await fixture.Operator.GetFromJsonAsync<ModelAnalysis>($"/v1/models/{model}/analysis?minutes=15", ApiCalls.Json))!;

            var top = analysis.Causes[0];
            var samples = (await history.GetHistoryAsync(TimeSpan.FromMinutes(15))).Versions.Single().Samples;
            Assert.True(top.Kind == "membership-change", $"causes: {string.Join("; ", analysis.Causes.Select(c => $"{c.Kind} {c.Score}={c.Strength}x{c.Timing} at {c.At:HH:mm:ss.fff}"))}; symptomAt {analysis.SymptomAt:HH:mm:ss.fff}; samples {string.Join(",", samples.Select(x => $"{x.At:HH:mm:ss.fff}:{x.SilosActive}"))}");
            Assert.Equal("1 silo(s) left the cluster (4 → 3 active): their users' profiles and Kafka partitions moved to the others, which warm up and take their load", top.Explanation);
            Assert.Equal(("active silos", 4.0, 3.0), (top.Evidence[0].What, top.Evidence[0].Before, top.Evidence[0].After));
            Assert.Equal(("silo left", extra.SiloAddress.ToParsableString()), (top.Evidence[1].What, top.Evidence[1].Silo));
        }
        finally
        {
            if (!stopped)
            {
                await fixture.Cluster.StopSiloAsync(extra);
            }
        }
    }

    /// <summary>Serves and samples until the history grain's own view of the cluster (membership spreads by gossip) has <paramref name="silos"/> active.</summary>
    private Task ActiveSilosSampledAsync(IModelHistoryGrain history, string model, string user, int silos) =>
        Eventually.GetAsync(
            async () =>
            {
                await ServeAndSampleAsync(history, model, user);
                return (await history.GetHistoryAsync(TimeSpan.FromMinutes(15))).Versions.Single().Samples[^1].SilosActive;
            },
            active => active == silos);

    private async Task ServeAndSampleAsync(IModelHistoryGrain history, string model, string user)
    {
        for (var i = 0; i < 3; i++)
        {
            await fixture.Operator.RecommendAsync(user, 2, model);
        }

        await history.SampleAsync();
    }
}

/// <summary>Poison events produced into the mock Kafka cluster, found by the analysis as the cause.</summary>
[Collection(KafkaCollection.Name)]
public sealed class AnalysisDeadLetterTests(KafkaClusterFixture fixture)
{
    [Fact]
    public async Task PoisonEvents_DeadLettersRankFirst_WithTheTopicToReadThemFrom()
    {
        var model = ApiCalls.NewId("an-dlq");
        await fixture.Http.DeployTinyModelAsync(model, TinyModel.ItemsFor(model));
        var history = fixture.Cluster.Client.GetGrain<IModelHistoryGrain>(model);
        await history.SampleAsync();
        await history.SampleAsync();
        var before = (await history.GetHistoryAsync(TimeSpan.FromMinutes(15))).Silos.Max(r => r.DeadLetters);

        var key = ApiCalls.NewId("poison");
        for (var i = 0; i < 10; i++)
        {
            await fixture.Kafka.Client.ProduceAsync(fixture.EventsTopic, key, "{not json " + i);
        }

        await Eventually.GetAsync(
            async () =>
            {
                await history.SampleAsync();
                return (await history.GetHistoryAsync(TimeSpan.FromMinutes(15))).Silos.Max(r => r.DeadLetters);
            },
            count => count >= before + 10);
        var analysis = (await fixture.Http.GetFromJsonAsync<ModelAnalysis>($"/v1/models/{model}/analysis?minutes=15", ApiCalls.Json))!;

        var top = analysis.Causes[0];
        Assert.Equal("dead-letters", top.Kind);
        Assert.Equal($"read them with their reason header (rec tail --topic {fixture.EventsTopic}.dlq --from-beginning) and fix the producer; the events after them were applied", top.Action);
        // The count is the process's: other test classes' receivers (running alongside) may add theirs.
        Assert.True(top.Evidence[0].After - top.Evidence[0].Before >= 10, $"dead letters {top.Evidence[0].Before} → {top.Evidence[0].After}");
    }
}
