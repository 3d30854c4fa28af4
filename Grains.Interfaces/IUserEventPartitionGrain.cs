namespace Orleans.Rec;

/// <summary>
/// The consumer of one Kafka partition's stream (key: <c>topic/partition</c>) in <see cref="RecNames.UserEventPartitionsNamespace"/>:
/// hands each batch's events to their users' profiles, one call per user per batch. It has no methods of its own;
/// the stream delivers to it.
/// </summary>
[Alias("rec.IUserEventPartitionGrain")]
public interface IUserEventPartitionGrain : IGrainWithStringKey
{
}
