using Orleans.Rec.Events;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Profiles;

/// <summary>
/// Events in, profile out: applies one user's events to their <see cref="UserProfileState"/> — deduplicated by event
/// id, recent interactions, cart, purchases, category affinity, last event time, and the attribution windows of the
/// lists served to them (<see cref="RecordServed"/> keeps a list and opens its window). No I/O: REST, Kafka and
/// replay reach it through the profile grain alike, and it is tested on its own. It keeps two derived indexes of the
/// state (the event ids it remembers and the purchased items), built once per activation instead of per event or per
/// request.
/// </summary>
public sealed class ProfileAggregator
{
    private readonly UserProfileState _state;
    private readonly ProfileOptions _options;
    private readonly HashSet<string> _seen;
    private readonly HashSet<string> _purchased;

    public ProfileAggregator(UserProfileState state, ProfileOptions options)
    {
        _state = state;
        _options = options;
        _seen = new HashSet<string>(state.RecentEventIds, StringComparer.Ordinal);
        _purchased = new HashSet<string>(state.Purchases, StringComparer.Ordinal);
    }

    /// <summary>The items the user bought (kept ones): never recommended to them.</summary>
    public IReadOnlySet<string> Purchased => _purchased;

    /// <summary>Whether the event with this id is among those remembered (applied, or dropped as a repeat).</summary>
    public bool Holds(string eventId) => _seen.Contains(eventId);

    /// <summary>
    /// Applies the events of <paramref name="userId"/> in order; an event of another user, or one already applied, is
    /// skipped. Each applied event's item is passed to <paramref name="applied"/> (the silo's popularity counts).
    /// </summary>
    /// <returns>How many events were new, and how many belonged to another user.</returns>
    public (int Applied, int Foreign) Apply(string userId, IReadOnlyList<UserEvent> events, Action<string>? applied = null)
    {
        var count = 0;
        var foreign = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!string.Equals(e.UserId, userId, StringComparison.Ordinal))
            {
                foreign++;
            }
            else if (Apply(e))
            {
                count++;
                applied?.Invoke(e.ItemId);
            }
        }

        return (count, foreign);
    }

    private bool Apply(UserEvent e)
    {
        if (!_seen.Add(e.EventId))
        {
            return false;
        }

        var s = _state;
        Remember(e.EventId);
        s.EventCount++;
        s.Recent.Add(new Interaction(e.ItemId, e.Type, e.Timestamp));
        TrimFront(s.Recent, _options.RecentCapacity);
        switch (e.Type)
        {
            case UserEventType.Cart when !s.Cart.Contains(e.ItemId):
                s.Cart.Add(e.ItemId);
                TrimFront(s.Cart, _options.CartCapacity);
                break;
            case UserEventType.Purchase:
                s.Cart.Remove(e.ItemId);
                if (_purchased.Add(e.ItemId))
                {
                    s.Purchases.Add(e.ItemId);
                    if (s.Purchases.Count > _options.PurchaseCapacity)
                    {
                        var drop = s.Purchases.Count - _options.PurchaseCapacity;
                        for (var i = 0; i < drop; i++)
                        {
                            _purchased.Remove(s.Purchases[i]);
                        }

                        s.Purchases.RemoveRange(0, drop);
                    }
                }

                break;
        }

        if (!string.IsNullOrEmpty(e.CategoryId))
        {
            s.CategoryWeights[e.CategoryId] = s.CategoryWeights.GetValueOrDefault(e.CategoryId) + CategoryWeight(e.Type);
            if (s.CategoryWeights.Count > _options.CategoryCapacity)
            {
                DropLightestCategory(s.CategoryWeights);
            }
        }

        if (s.LastEventAt is null || e.Timestamp > s.LastEventAt)
        {
            s.LastEventAt = e.Timestamp;
        }

        Attribute(e);
        return true;
    }

    /// <summary>
    /// Keeps a served list (the last <see cref="ProfileOptions.ServedCapacity"/>, for attribution, persisted with the
    /// profile) and opens its attribution window with the serving version's limits, numbered with the next impression.
    /// </summary>
    /// <returns>How many of the oldest open windows were dropped to stay within <see cref="ProfileOptions.OpenWindowCapacity"/>.</returns>
    public int RecordServed(ServedRecommendation served)
    {
        var s = _state;
        var sequence = ++s.ImpressionCount;
        s.Served.Add(new ServedList(served.Model, served.Version, served.Items, served.ServedAt) { Sequence = sequence });
        TrimFront(s.Served, _options.ServedCapacity);
        if (served.Items.Length == 0)
        {
            return 0;
        }

        s.Windows.Add(Attribution.Open(sequence, served.Model, served.Version, served.Items, s.LastEventAt, served.AttributionEvents, served.AttributionWindow));
        var dropped = Math.Max(0, s.Windows.Count - _options.OpenWindowCapacity);
        TrimFront(s.Windows, _options.OpenWindowCapacity);
        return dropped;
    }

    /// <summary>What the platform knows about the user: recent views, cart, purchases, heaviest categories (ties by id), last event.</summary>
    public UserProfileSnapshot Snapshot(string userId) => new()
    {
        UserId = userId,
        EventCount = _state.EventCount,
        RecentViews = _state.Recent.Where(i => i.Type == UserEventType.View).Select(i => i.ItemId).ToArray(),
        Cart = [.. _state.Cart],
        Purchases = [.. _state.Purchases],
        TopCategories = _state.CategoryWeights
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(_options.TopCategoryCount)
            .Select(c => c.Key)
            .ToArray(),
        LastEventAt = _state.LastEventAt,
    };

    /// <summary>
    /// The closed windows each monitor may be told now, oldest first: only those older than the monitor's oldest open
    /// window, so a monitor sees each user's impressions in order and can drop repeats by number.
    /// </summary>
    public List<(string MonitorKey, ImpressionOutcome[] Outcomes)> OutcomesToReport()
    {
        var ready = new List<(string, ImpressionOutcome[])>();
        foreach (var group in _state.Outcomes.GroupBy(o => o.MonitorKey, StringComparer.Ordinal))
        {
            var oldestOpen = _state.Windows.Where(w => ModelKeys.MonitorKey(w.Model, w.Version) == group.Key).Select(w => w.Sequence).DefaultIfEmpty(long.MaxValue).Min();
            var outcomes = group.Where(o => o.Sequence < oldestOpen).OrderBy(o => o.Sequence).ToArray();
            if (outcomes.Length > 0)
            {
                ready.Add((group.Key, outcomes));
            }
        }

        return ready;
    }

    /// <summary>Forgets outcomes their monitor has counted.</summary>
    public void Reported(ImpressionOutcome[] outcomes)
    {
        var sent = outcomes.ToHashSet();
        _state.Outcomes.RemoveAll(sent.Contains);
    }

    /// <summary>Keeps the most recent <see cref="ProfileOptions.DedupeCapacity"/> event ids; older ones are forgotten.</summary>
    private void Remember(string eventId)
    {
        var ids = _state.RecentEventIds;
        ids.Add(eventId);
        if (ids.Count > _options.DedupeCapacity)
        {
            var drop = ids.Count - _options.DedupeCapacity;
            for (var i = 0; i < drop; i++)
            {
                _seen.Remove(ids[i]);
            }

            ids.RemoveRange(0, drop);
        }
    }

    /// <summary>Feeds the event to every open attribution window; a window it closes becomes an outcome to report.</summary>
    private void Attribute(UserEvent e)
    {
        var windows = _state.Windows;
        for (var i = 0; i < windows.Count; i++)
        {
            if (Attribution.Observe(windows[i], e.ItemId, e.Type, e.Timestamp))
            {
                _state.Outcomes.Add(Attribution.Outcome(windows[i]));
                windows.RemoveAt(i--);
            }
        }
    }

    /// <summary>One over capacity: the lightest category goes (of equal weights, the last by id), the new one among them if it is lightest.</summary>
    private static void DropLightestCategory(Dictionary<string, double> weights)
    {
        string? lightest = null;
        var weight = double.MaxValue;
        foreach (var (category, w) in weights)
        {
            if (w < weight || (w == weight && string.CompareOrdinal(category, lightest) > 0))
            {
                lightest = category;
                weight = w;
            }
        }

        weights.Remove(lightest!);
    }

    /// <summary>Buying says more about taste than carting, carting more than viewing.</summary>
    private static double CategoryWeight(UserEventType type) => type switch
    {
        UserEventType.Purchase => 5,
        UserEventType.Cart => 3,
        _ => 1,
    };

    private static void TrimFront<T>(List<T> list, int capacity)
    {
        if (list.Count > capacity)
        {
            list.RemoveRange(0, list.Count - capacity);
        }
    }
}
