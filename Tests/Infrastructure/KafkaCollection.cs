namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>Tests that share the mock Kafka cluster and its two silos; each uses its own users.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>
{
    public const string Name = "kafka";
}
