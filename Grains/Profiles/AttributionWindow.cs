using Orleans.Rec.Events;

namespace Orleans.Rec.Profiles;

/// <summary>
/// An impression's open attribution window, persisted with the profile: the user's events after the list was
/// served, until <see cref="MaxEvents"/> are in or an event comes more than <see cref="MaxSpan"/> (event time) after
/// <see cref="AnchorAt"/>.
/// </summary>
public sealed class AttributionWindow
{
    /// <summary>The impression's number in the profile.</summary>
    public long Sequence { get; set; }

    public string Model { get; set; } = "";

    /// <summary>Null for a popularity fallback list.</summary>
    public int? Version { get; set; }

    /// <summary>The items served (k = their count).</summary>
    public string[] Items { get; set; } = [];

    /// <summary>
    /// The impression's time on the user's event clock: the time of the latest event the profile held when the list was
    /// served, or, for a user with none, the time of the first event in the window.
    /// </summary>
    public DateTimeOffset? AnchorAt { get; set; }

    public int MaxEvents { get; set; }

    public TimeSpan MaxSpan { get; set; }

    /// <summary>Events in the window so far.</summary>
    public int EventCount { get; set; }

    /// <summary>Distinct items interacted with in the window, per event type, in first-seen order.</summary>
    public Dictionary<UserEventType, List<string>> Interacted { get; set; } = [];
}
