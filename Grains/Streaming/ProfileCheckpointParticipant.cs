using Orleans.Rec.Events;
using Orleans.Rec.Streaming.Kafka;

namespace Orleans.Rec.Streaming;

/// <summary>
/// The checkpoint of a <c>user-events</c> partition: every profile that received events since the last commit
/// persists now and confirms it still holds them. Writes scale with active users per interval, not with events.
/// </summary>
public sealed class ProfileCheckpointParticipant(IGrainFactory grains) : IKafkaCheckpointParticipant
{
    public async Task<bool> PersistAsync(IReadOnlyDictionary<StreamId, List<object>> delivered, CancellationToken cancellationToken)
    {
        var calls = new List<Task<int>>(delivered.Count);
        foreach (var (stream, events) in delivered)
        {
            if (!string.Equals(stream.GetNamespace(), RecNames.UserEventsNamespace, StringComparison.Ordinal))
            {
                continue;
            }

            var ids = events.OfType<UserEvent>().Select(e => e.EventId).ToArray();
            calls.Add(grains.GetGrain<IUserProfileGrain>(stream.GetKeyAsString()).PersistAsync(ids));
        }

        var missing = await Task.WhenAll(calls);
        return missing.All(m => m == 0);
    }
}
