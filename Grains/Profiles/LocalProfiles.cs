using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Orleans.Rec.Profiles;

/// <summary>
/// The profile grains active on this silo, by user id, as they publish themselves (<see cref="LocalProfile"/>), and the
/// inboxes holding served lists in the order their first list arrived (what <see cref="ServedListSweeper"/> reads).
/// </summary>
public sealed class LocalProfiles
{
    private readonly ConcurrentDictionary<string, LocalProfile> _profiles = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(LocalProfile Profile, DateTimeOffset Since)> _waiting = new();
    private readonly ServedInboxes _inboxes = new();

    /// <summary>An activation publishes itself.</summary>
    public LocalProfile Add(string userId, ServingView view)
    {
        var profile = new LocalProfile(userId, view, this, _inboxes.Rent());
        _profiles[userId] = profile;
        return profile;
    }

    /// <summary>A deactivation withdraws its own entry (never a newer activation's).</summary>
    public void Remove(string userId, LocalProfile profile) => _profiles.TryRemove(KeyValuePair.Create(userId, profile));

    public bool TryGet(string userId, [NotNullWhen(true)] out LocalProfile? profile) => _profiles.TryGetValue(userId, out profile);

    /// <summary>
    /// The users whose oldest waiting served list is at least <paramref name="wait"/> old. Inboxes are visited in the
    /// order they filled, so a sweep stops at the first one not yet due; one emptied meanwhile is passed over.
    /// </summary>
    public List<LocalProfile> TakeDue(DateTimeOffset now, TimeSpan wait)
    {
        var due = new List<LocalProfile>();
        while (_waiting.TryPeek(out var head) && head.Since + wait <= now && _waiting.TryDequeue(out head))
        {
            if (head.Profile.IsDue(now, wait))
            {
                due.Add(head.Profile);
            }
        }

        return due;
    }

    /// <summary>An inbox whose grain could not take it is looked at again one write-behind later.</summary>
    public void Requeue(LocalProfile profile, DateTimeOffset now) => _waiting.Enqueue((profile, now));

    /// <summary>A profile's inbox got its first list, served at <paramref name="since"/>.</summary>
    internal void Waiting(LocalProfile profile, DateTimeOffset since) => _waiting.Enqueue((profile, since));

    /// <summary>A closed profile's empty inbox cell, for the next activation.</summary>
    internal void Release(ServedInbox inbox) => _inboxes.Return(inbox);
}
