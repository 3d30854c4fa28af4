namespace Orleans.Rec;

/// <summary>How user events from Kafka reach the profiles (<c>Rec:Kafka:Delivery</c>).</summary>
public enum KafkaEventDelivery
{
    /// <summary>One Orleans stream per partition, consumed by one <see cref="IUserEventPartitionGrain"/> per partition.</summary>
    Partition,

    /// <summary>One Orleans stream per user in <c>user-events</c>, consumed by the profile's implicit subscription.</summary>
    User,
}
