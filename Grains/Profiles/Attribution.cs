using Orleans.Rec.Events;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Profiles;

/// <summary>
/// The attribution rules of online accuracy. An impression's window holds the user's next
/// <see cref="AttributionWindow.MaxEvents"/> events, up to (not including) the first event more than
/// <see cref="AttributionWindow.MaxSpan"/> of event time after the impression; it closes when full or when that event
/// arrives. Hits are the distinct served items the user viewed, carted or bought in the window.
/// </summary>
public static class Attribution
{
    private static readonly UserEventType[] Types = Enum.GetValues<UserEventType>();

    /// <summary>A new open window for a served list.</summary>
    public static AttributionWindow Open(long sequence, string model, int? version, string[] items, DateTimeOffset? anchorAt, int maxEvents, TimeSpan maxSpan) => new()
    {
        Sequence = sequence,
        Model = model,
        Version = version,
        Items = items,
        AnchorAt = anchorAt,
        MaxEvents = maxEvents,
        MaxSpan = maxSpan,
    };

    /// <summary>
    /// Applies the next event of the user to an open window; true when the window is closed afterwards (the event
    /// filled it, or lies beyond its time limit and is not counted).
    /// </summary>
    public static bool Observe(AttributionWindow window, string itemId, UserEventType type, DateTimeOffset at)
    {
        window.AnchorAt ??= at;
        if (at - window.AnchorAt.Value > window.MaxSpan)
        {
            return true;
        }

        if (!window.Interacted.TryGetValue(type, out var items))
        {
            items = [];
            window.Interacted[type] = items;
        }

        if (!items.Contains(itemId, StringComparer.Ordinal))
        {
            items.Add(itemId);
        }

        window.EventCount++;
        return window.EventCount >= window.MaxEvents;
    }

    /// <summary>The outcome of a closed window.</summary>
    public static ImpressionOutcome Outcome(AttributionWindow window)
    {
        var served = window.Items.ToHashSet(StringComparer.Ordinal);
        var all = new HashSet<string>(StringComparer.Ordinal);
        var byType = new TypeOutcome[Types.Length];
        for (var i = 0; i < Types.Length; i++)
        {
            var items = window.Interacted.GetValueOrDefault(Types[i]) ?? [];
            all.UnionWith(items);
            byType[i] = new TypeOutcome { Type = Types[i], Hits = items.Count(served.Contains), Interacted = items.Count };
        }

        return new ImpressionOutcome
        {
            Sequence = window.Sequence,
            Model = window.Model,
            Version = window.Version,
            K = window.Items.Length,
            Hits = all.Count(served.Contains),
            Interacted = all.Count,
            ByType = byType,
        };
    }
}
