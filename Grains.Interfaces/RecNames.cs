namespace Orleans.Rec;

/// <summary>Provider, stream and storage names shared by silos, clients and grains.</summary>
public static class RecNames
{
    /// <summary>The stream provider that carries user events.</summary>
    public const string EventStreamProvider = "events";

    /// <summary>The stream namespace of user events; the stream key is the user id.</summary>
    public const string UserEventsNamespace = "user-events";

    /// <summary>
    /// The stream namespace of Kafka partitions delivered per partition (<c>Rec:Kafka:Delivery</c> = <c>Partition</c>):
    /// the stream key is <c>topic/partition</c>, consumed by one <see cref="IUserEventPartitionGrain"/> each.
    /// </summary>
    public const string UserEventPartitionsNamespace = "user-event-partitions";

    /// <summary>Grain storage for user profiles.</summary>
    public const string ProfileStorage = "profiles";

    /// <summary>Grain storage for the model registry and model versions.</summary>
    public const string ModelStorage = "models";

    /// <summary>The model served when a request names none.</summary>
    public const string DefaultModel = "recommender";

    /// <summary>
    /// The <c>RequestContext</c> key carrying the caller's request id (the gateway sets it), recorded with each
    /// served list on the impression log.
    /// </summary>
    public const string RequestIdKey = "rec-request-id";

    /// <summary>The key of the cluster-wide popularity grain.</summary>
    public const string GlobalPopularityKey = "global";
}
