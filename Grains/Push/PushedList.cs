using Orleans.Rec.Inference;

namespace Orleans.Rec.Push;

/// <summary>
/// One pushed list as it travels on the recommendations topic (keyed by user id, camelCase JSON, header
/// <c>rec-kind: push</c>). <see cref="Sequence"/> counts the user's bursts: a consumer keeps the first message of each
/// (user, model, sequence) and drops repeats, which a silo crash between publishing and saving the profile can cause.
/// </summary>
public sealed record PushedList
{
    /// <summary>Always <c>push</c>: impressions of REST requests share the topic without this field.</summary>
    public string Kind { get; init; } = "push";

    public required string UserId { get; init; }

    public required string Model { get; init; }

    /// <summary>The version that scored the list; null for a popularity fallback.</summary>
    public int? Version { get; init; }

    /// <summary>Why the list is the popularity fallback (<c>no-history</c>, <c>unknown-items</c>), or <c>none</c> when the model scored it.</summary>
    public FallbackReason Fallback { get; init; }

    /// <summary>The user's burst number, from 1; repeats of one (user, model, sequence) carry the same burst.</summary>
    public required long Sequence { get; init; }

    /// <summary>The burst's last event.</summary>
    public required PushTrigger Trigger { get; init; }

    /// <summary>Events in the burst.</summary>
    public required int Events { get; init; }

    /// <summary>Best first.</summary>
    public required ScoredItem[] Items { get; init; }

    /// <summary>When the list was computed.</summary>
    public required DateTimeOffset At { get; init; }
}
