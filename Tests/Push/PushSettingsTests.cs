using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Push;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Validation;

namespace Orleans.Rec.Tests.Push;

/// <summary>Push mode's settings: the model config rules, the silo's limits and the topic names.</summary>
public sealed class PushSettingsTests
{
    [Fact]
    public void ModelConfigRules_WhenPushOff_ByDefault_ReportsNothing()
    {
        var config = TinyModel.Config();

        Assert.False(config.Push.Enabled);
        Assert.Empty(ModelConfigRules.Check(config));
    }

    [Fact]
    public void ModelConfigRules_WhenPushLimitsWrong_ReportsEveryProblem()
    {
        var config = TinyModel.Config() with { Push = new PushConfig { Enabled = true, K = 1001, Debounce = TimeSpan.FromMinutes(2), MaxDelay = TimeSpan.FromSeconds(1) } };

        Assert.Equal(
        [
            "push.k 1001 is outside 0..1000 (0 = topK.default)",
            "push.debounce 00:02:00 is outside 0..1 minute",
            "push.maxDelay 00:00:01 is outside push.debounce (00:02:00)..10 minutes",
        ],
        ModelConfigRules.Check(config).Select(p => p.Message));
    }

    [Fact]
    public void ServingConfig_CarriesPush_BothWays()
    {
        var push = new PushConfig { Enabled = true, K = 7, Debounce = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(9) };
        var config = TinyModel.Config() with { Push = push };

        Assert.Equal(push, ServingConfig.From(config).Push);
        Assert.Equal(push, (ServingConfig.From(config) with { }).ApplyTo(TinyModel.Config()).Push);
        Assert.Equal(7, push.EffectiveK(new TopKLimits()));
        Assert.Equal(new TopKLimits().Default, new PushConfig().EffectiveK(new TopKLimits()));
    }

    [Fact]
    public void PushOptionsValidator_WhenEverythingIsWrong_ListsEveryProblem()
    {
        var problems = PushOptionsValidator.Problems(new PushOptions
        {
            MaxPendingUsers = 0,
            PublishTimeout = TimeSpan.Zero,
            RetryDelay = TimeSpan.Zero,
            ModelRefreshInterval = TimeSpan.Zero,
        });

        Assert.Equal(
        [
            "Rec:Push:MaxPendingUsers must be at least 1.",
            "Rec:Push:PublishTimeout must be positive.",
            "Rec:Push:RetryDelay must be positive.",
            "Rec:Push:ModelRefreshInterval must be positive.",
        ],
        problems);
    }

    [Fact]
    public void KafkaSettings_WhenNoTopicsSet_UseTheBriefsNames()
    {
        var settings = new KafkaSettings { BootstrapServers = "localhost:9092" };

        Assert.Equal("user_history", settings.HistoryTopic);
        Assert.Equal("user_history.dlq", settings.DeadLetters);
        Assert.Equal("recommendations", settings.OutTopic);
        Assert.Empty(settings.Problems());
    }

    [Fact]
    public void KafkaSettings_WhenOnlyOldKeysSet_StillUsesThem()
    {
        var settings = new KafkaSettings { BootstrapServers = "localhost:9092", EventsTopic = "user-events", ImpressionsTopic = "impressions" };

        Assert.Equal("user-events", settings.HistoryTopic);
        Assert.Equal("user-events.dlq", settings.DeadLetters);
        Assert.Equal("impressions", settings.OutTopic);
        Assert.Empty(settings.Problems());
    }

    [Fact]
    public void KafkaSettings_WhenNewAndOldKeysDisagree_ReportsEachPair()
    {
        var settings = new KafkaSettings
        {
            BootstrapServers = "localhost:9092",
            UserHistoryTopic = "user_history",
            EventsTopic = "user-events",
            RecommendationsTopic = "user_history",
            ImpressionsTopic = "recommendations",
            DeadLetterTopic = "user_history",
        };

        Assert.Equal(
        [
            "Rec:Kafka:UserHistoryTopic ('user_history') and its old name Rec:Kafka:EventsTopic ('user-events') disagree; set one of them.",
            "Rec:Kafka:RecommendationsTopic ('user_history') and its old name Rec:Kafka:ImpressionsTopic ('recommendations') disagree; set one of them.",
            "Rec:Kafka:DeadLetterTopic must differ from Rec:Kafka:UserHistoryTopic ('user_history').",
            "Rec:Kafka:RecommendationsTopic must differ from Rec:Kafka:UserHistoryTopic ('user_history').",
        ],
        settings.Problems());
    }

    [Fact]
    public void PushStatus_Percentile_IsTheUpperBoundOfTheBucketItFallsIn()
    {
        var buckets = new long[LatencyBuckets.Count];
        buckets[LatencyBuckets.IndexOf(3)] = 98;     // (2, 4]
        buckets[LatencyBuckets.IndexOf(600)] = 2;    // (512, 1024]

        Assert.Equal(4, PushStatus.Percentile(buckets, 0.5));
        Assert.Equal(1024, PushStatus.Percentile(buckets, 0.99));
        Assert.Null(PushStatus.Percentile(new long[LatencyBuckets.Count], 0.5));
    }
}
