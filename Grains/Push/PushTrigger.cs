namespace Orleans.Rec.Push;

/// <summary>The event that triggered a pushed list: the last of its burst.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="Offset">Where it was read on Kafka (<c>topic/partition/offset</c>); null for a REST event.</param>
/// <param name="Time">Its event time.</param>
/// <param name="ProducedAt">When it was produced to Kafka (the message timestamp); null when unknown.</param>
public sealed record PushTrigger(string EventId, string? Offset, DateTimeOffset Time, DateTimeOffset? ProducedAt);
