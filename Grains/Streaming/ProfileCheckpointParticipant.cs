using Orleans.Rec.Events;
using Orleans.Rec.Streaming.Kafka;

namespace Orleans.Rec.Streaming;

/// <summary>
/// The checkpoint of a <c>user-events</c> partition: every profile that received events since the last commit
/// persists now and confirms it still holds them. Writes scale with active users per interval, not with events.
/// While a model pushes on this silo (<paramref name="pushActive"/>), a profile whose burst still waits for its pushed
/// list is waited for (outside its turn, so the burst can still grow) and persisted again once the list is out: an
/// offset is never committed ahead of a list its events owe.
/// </summary>
public sealed class ProfileCheckpointParticipant(IGrainFactory grains, int maxConcurrentWrites, Func<bool>? pushActive = null, TimeProvider? time = null) : IKafkaCheckpointParticipant
{
    /// <summary>The shortest wait between two looks at a burst that is due but not yet out (being published or retried).</summary>
    private static readonly TimeSpan PushPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Profile writes in flight across all partitions of a silo whose profile store takes many writes at once: the log
    /// store commits them as one group; Azure Blob and Redis serve them concurrently over the network.
    /// </summary>
    public const int BatchingStoreWrites = 2048;

    /// <summary>
    /// Writes in flight for the per-file store: enough to keep the disk busy, few enough that a checkpoint does not
    /// flood the thread pool with blocking file writes while events are being delivered.
    /// </summary>
    public const int FileStoreWrites = 64;

    private readonly SemaphoreSlim _writes = new(maxConcurrentWrites, maxConcurrentWrites);

    public async Task<bool> PersistAsync(IReadOnlyDictionary<StreamId, List<object>> delivered, CancellationToken cancellationToken)
    {
        // By user, whichever stream carried the events: a user's stream, or a partition's (delivered per partition).
        var byUser = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var events in delivered.Values)
        {
            foreach (var item in events)
            {
                if (item is not UserEvent e)
                {
                    continue;
                }

                if (!byUser.TryGetValue(e.UserId, out var ids))
                {
                    byUser[e.UserId] = ids = [];
                }

                ids.Add(e.EventId);
            }
        }

        var calls = new Task<int>[byUser.Count];
        var i = 0;
        foreach (var (userId, ids) in byUser)
        {
            calls[i++] = PersistOneAsync(userId, [.. ids], cancellationToken);
        }

        var missing = await Task.WhenAll(calls);
        return missing.All(m => m == 0);
    }

    private async Task<int> PersistOneAsync(string userId, string[] ids, CancellationToken cancellationToken)
    {
        var missing = await WriteOneAsync(userId, ids, cancellationToken);
        if (missing > 0 || pushActive?.Invoke() != true)
        {
            return missing;
        }

        var profile = grains.GetCachedGrain<IUserProfileGrain>(userId);
        var waited = false;
        while (await profile.GetPushWaitAsync() is { } wait)
        {
            await Task.Delay(wait > PushPoll ? wait : PushPoll, time ?? TimeProvider.System, cancellationToken);
            waited = true;
        }

        // The list is out: write the profile again, with the burst closed and its sequence number.
        return waited ? await WriteOneAsync(userId, ids, cancellationToken) : missing;
    }

    private async Task<int> WriteOneAsync(string userId, string[] ids, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            return await grains.GetCachedGrain<IUserProfileGrain>(userId).PersistAsync(ids);
        }
        finally
        {
            _writes.Release();
        }
    }
}
