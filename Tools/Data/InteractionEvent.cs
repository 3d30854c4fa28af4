namespace Orleans.Rec.Tools.Data;

/// <summary>One interaction read from an event log, whatever its source format.</summary>
/// <param name="EventId">Deterministic id derived from the source row, so a replayed log is deduplicated.</param>
/// <param name="UserId">The user (or, for session logs without users, the session).</param>
/// <param name="ItemId">The external item id.</param>
/// <param name="Type">View, cart or purchase.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="CategoryId">The item's category, when the source knows it.</param>
/// <param name="SessionId">The session, when the source has sessions.</param>
public sealed record InteractionEvent(
    string EventId,
    string UserId,
    string ItemId,
    InteractionType Type,
    DateTimeOffset Timestamp,
    string? CategoryId = null,
    string? SessionId = null);
