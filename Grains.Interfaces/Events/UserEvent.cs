namespace Orleans.Rec.Events;

/// <summary>One browsing or purchase event of one user, as it travels on the <c>user-events</c> stream.</summary>
[GenerateSerializer, Immutable, Alias("rec.UserEvent")]
public sealed record UserEvent
{
    /// <summary>Unique id; redelivery of the same id is ignored.</summary>
    [Id(0)] public required string EventId { get; init; }

    /// <summary>The user the event belongs to (also the stream key).</summary>
    [Id(1)] public required string UserId { get; init; }

    /// <summary>The item the user interacted with.</summary>
    [Id(2)] public required string ItemId { get; init; }

    /// <summary>What the user did.</summary>
    [Id(3)] public required UserEventType Type { get; init; }

    /// <summary>When it happened (event time).</summary>
    [Id(4)] public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The item's category, when the producer knows it.</summary>
    [Id(5)] public string? CategoryId { get; init; }

    /// <summary>The shop session, when the producer knows it.</summary>
    [Id(6)] public string? SessionId { get; init; }

    /// <summary>Where a Kafka event was read (<c>topic/partition/offset</c>); null for events that came another way.</summary>
    [Id(7)] public string? Source { get; init; }

    /// <summary>When a Kafka event was produced (the message timestamp); null when unknown.</summary>
    [Id(8)] public DateTimeOffset? ProducedAt { get; init; }
}
