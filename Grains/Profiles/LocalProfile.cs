namespace Orleans.Rec.Profiles;

/// <summary>
/// What an active profile grain publishes on its silo so that a recommendation can be served without a turn of the
/// grain: the history and purchases the recommendation path reads (<see cref="ServingView"/>, an immutable copy the
/// grain replaces after each change), and an inbox of the lists served from it. The grain takes the inbox into its
/// state before it applies anything else, so attribution sees every list before the events that follow it; once the
/// grain closes the inbox (deactivation), nothing more is accepted and the caller goes through the grain.
/// </summary>
public sealed class LocalProfile(string userId, ServingView view, LocalProfiles registry, ServedInbox inbox)
{
    private readonly Lock _gate = new();
    private ServingView _view = view;

    // The lists waiting are counted here and kept in the inbox cell (ServedInboxes says why not in a field of this).
    private int _waiting;
    private DateTimeOffset _oldestServedAt;
    private bool _closed;

    public string UserId { get; } = userId;

    /// <summary>The history and purchases as of the grain's last change.</summary>
    public ServingView View => Volatile.Read(ref _view);

    /// <summary>The grain replaces the view after a change.</summary>
    public void Publish(ServingView view) => Volatile.Write(ref _view, view);

    /// <summary>
    /// Keeps a served list for the grain; false once the grain closed the inbox. The first list into an empty inbox is
    /// reported to the registry, so that the silo's sweeper finds due inboxes without looking at every profile.
    /// </summary>
    public bool TryAddServed(ServedRecommendation served)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            inbox.Push(served);
            if (++_waiting > 1)
            {
                return true;
            }

            _oldestServedAt = served.ServedAt;
        }

        registry.Waiting(this, served.ServedAt);
        return true;
    }

    /// <summary>
    /// The lists served since the last take, oldest first (none: null). A list being added while this looks may be
    /// left for the next take: it was served at the same moment as whatever the grain does next, not before it.
    /// </summary>
    public List<ServedRecommendation>? TakeServed()
    {
        if (Volatile.Read(ref _waiting) == 0)
        {
            return null;
        }

        lock (_gate)
        {
            return _closed ? null : TakeWaiting();
        }
    }

    /// <summary>Accepts no more lists and returns those not yet taken; the inbox cell goes back to the registry.</summary>
    public List<ServedRecommendation>? Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            _closed = true;
            var served = TakeWaiting();
            registry.Release(inbox);
            return served;
        }
    }

    /// <summary>Whether the oldest list waiting was served at least <paramref name="wait"/> before <paramref name="now"/>.</summary>
    public bool IsDue(DateTimeOffset now, TimeSpan wait)
    {
        lock (_gate)
        {
            return !_closed && _waiting > 0 && _oldestServedAt + wait <= now;
        }
    }

    private List<ServedRecommendation>? TakeWaiting()
    {
        _waiting = 0;
        return inbox.Take();
    }
}

/// <summary>The part of a profile the recommendation path reads: recent item ids (oldest first) and purchased items.</summary>
public sealed record ServingView(IReadOnlyList<string> History, IReadOnlySet<string> Purchased)
{
    private static readonly IReadOnlySet<string> NoPurchases = new HashSet<string>();

    /// <summary>An immutable copy of the profile's current history and purchases.</summary>
    public static ServingView Of(IReadOnlyList<string> history, IReadOnlySet<string> purchased)
    {
        var ids = new string[history.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = history[i];
        }

        return new(ids, purchased.Count == 0 ? NoPurchases : new HashSet<string>(purchased, StringComparer.Ordinal));
    }
}
