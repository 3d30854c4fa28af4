using Orleans.Rec.Streaming.Kafka;

namespace Orleans.Rec.Tests.Streaming;

public sealed class KafkaOptionsTests
{
    [Fact]
    public void StreamOptionsValidator_WhenEverythingIsWrong_ListsEveryProblem()
    {
        var problems = KafkaStreamOptionsValidator.Problems(new KafkaStreamOptions
        {
            Topics = [new KafkaTopicOptions { Name = "" }, new KafkaTopicOptions { Name = "t" }, new KafkaTopicOptions { Name = "t" }],
            DeadLetterTopic = "t",
            ConsumerGroup = " ",
            PollBatchSize = 0,
            CommitInterval = TimeSpan.Zero,
            CaughtUpCommitDelay = TimeSpan.FromSeconds(-1),
            PollInterval = TimeSpan.Zero,
            CacheSize = 5,
            MetadataTimeout = TimeSpan.Zero,
        });

        Assert.Equal(
        [
            "BootstrapServers is required.",
            "Topics[0].Name is required.",
            "Topics must not repeat a topic.",
            "DeadLetterTopic must not be one of the topics read.",
            "ConsumerGroup is required.",
            "PollBatchSize must be at least 1.",
            "CommitInterval must be positive.",
            "CaughtUpCommitDelay must not be negative.",
            "PollInterval must be positive.",
            "CacheSize must be at least 10.",
            "MetadataTimeout must be positive.",
        ], problems);
    }

    [Fact]
    public void KafkaSettings_WhenBootstrapServersMissing_NamesTheKey()
    {
        Assert.Equal(["Rec:Kafka:BootstrapServers is required when Rec:Streaming:Provider is Kafka."], new KafkaSettings().Problems());
        Assert.Empty(new KafkaSettings { BootstrapServers = "localhost:9092" }.Problems());
    }
}
