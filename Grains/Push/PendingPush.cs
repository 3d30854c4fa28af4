namespace Orleans.Rec.Push;

/// <summary>
/// A burst of a user's events waiting for its pushed list, persisted with the profile: a silo that restarts before the
/// list is out publishes it when the profile activates again (with the sequence number the profile holds, so a list that
/// did leave before the crash is recognised by consumers as a repeat).
/// </summary>
public sealed record PendingPush
{
    /// <summary>When the burst's first event reached the profile.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the burst's latest event reached the profile.</summary>
    public required DateTimeOffset LastEventAt { get; init; }

    /// <summary>Events applied in the burst.</summary>
    public required int Events { get; init; }

    /// <summary>The latest event: the list's trigger.</summary>
    public required PushTrigger Trigger { get; init; }
}
