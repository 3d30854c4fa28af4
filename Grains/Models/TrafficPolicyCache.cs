using System.Collections.Concurrent;

namespace Orleans.Rec.Models;

/// <summary>
/// This silo's copy of every model's traffic policy, so that a recommendation does not ask the model's registry
/// grain (one activation in the cluster, often on another silo) which version serves the user.
/// </summary>
/// <remarks>
/// The registry pushes each new policy to every silo (through <see cref="ISiloAgentGrain.ApplyTrafficAsync"/>)
/// before the change it made returns, so a request that starts after an activation, rollback or split change
/// is served by the new policy. Entries are also refreshed from the registry after <see cref="MaxAge"/>, which
/// bounds how long a silo that missed a push (it was joining, or the call timed out) can serve an old policy.
/// A policy never replaces one with a higher <see cref="TrafficPolicy.Revision"/>, whichever arrives first.
/// </remarks>
public sealed class TrafficPolicyCache
{
    /// <summary>How long a policy is used before it is asked for again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Func<string, Task<TrafficPolicy>> _fetch;
    private readonly TimeProvider _time;

    public TrafficPolicyCache(IGrainFactory grains, TimeProvider time)
        : this(model => grains.GetGrain<IModelRegistryGrain>(model).GetTrafficAsync(), time)
    {
    }

    internal TrafficPolicyCache(Func<string, Task<TrafficPolicy>> fetch, TimeProvider time)
    {
        _fetch = fetch;
        _time = time;
    }

    /// <summary>The model's policy: the cached one while it is fresh, else the registry's (one fetch at a time per model).</summary>
    public Task<TrafficPolicy> GetAsync(string model)
    {
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(model, out var entry))
        {
            if (_time.GetElapsedTime(entry.StoredAt, now) < MaxAge)
            {
                return Task.FromResult(entry.Policy);
            }

            // Stale: one caller refreshes it; the others keep using the pushed-or-fetched policy meanwhile.
            if (Interlocked.CompareExchange(ref entry.Refreshing, 1, 0) == 0)
            {
                _ = RefreshAsync(model, entry);
            }

            return Task.FromResult(entry.Policy);
        }

        return FetchAsync(model);
    }

    /// <summary>Stores a policy pushed by the registry (or fetched from it) unless a newer one is already here.</summary>
    public void Apply(string model, TrafficPolicy policy)
    {
        var fresh = new Entry(policy, _time.GetTimestamp());
        _entries.AddOrUpdate(model, fresh, (_, old) => policy.Revision >= old.Policy.Revision ? fresh : old);
    }

    private async Task<TrafficPolicy> FetchAsync(string model)
    {
        var policy = await _fetch(model);
        Apply(model, policy);
        return _entries.TryGetValue(model, out var entry) ? entry.Policy : policy;
    }

    private async Task RefreshAsync(string model, Entry stale)
    {
        try
        {
            await FetchAsync(model);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The registry is out of reach for now: the policy in hand stays in use and a later request tries again.
        }
        finally
        {
            Volatile.Write(ref stale.Refreshing, 0);
        }
    }

    private sealed class Entry(TrafficPolicy policy, long storedAt)
    {
        public TrafficPolicy Policy { get; } = policy;

        public long StoredAt { get; } = storedAt;

        /// <summary>1 while one caller refreshes this entry.</summary>
        public int Refreshing;
    }
}
