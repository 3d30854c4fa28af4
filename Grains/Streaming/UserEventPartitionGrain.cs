using Microsoft.Extensions.Logging;
using Orleans.Placement;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Rec.Streaming;

/// <summary>
/// Consumes one Kafka partition's stream (<c>Rec:Kafka:Delivery</c> = <c>Partition</c>): each batch is one read of the
/// partition, handed to the profiles with one <see cref="IUserProfileGrain.ApplyEventsAsync"/> call per user, in the
/// order read. The batch counts as delivered only when every profile applied its events, so the partition's commit
/// never passes an event that is not in a profile; a profile that keeps failing fails the batch and the partition
/// reads again from its last commit (profiles drop what they already have).
/// </summary>
[ImplicitStreamSubscription(RecNames.UserEventPartitionsNamespace)]
[PreferLocalPlacement]
public sealed class UserEventPartitionGrain(TimeProvider time, ILogger<UserEventPartitionGrain> logger)
    : Grain, IUserEventPartitionGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<UserEvent>
{
    /// <summary>Waits before the retries of a failed profile call (a profile whose silo just died activates elsewhere).</summary>
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250)];

    private string Partition => this.GetPrimaryKeyString();

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<UserEvent>().ResumeAsync((IAsyncBatchObserver<UserEvent>)this);

    public Task OnNextAsync(IList<SequentialItem<UserEvent>> items)
    {
        var byUser = new Dictionary<string, List<UserEvent>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var e = item.Item;
            if (!byUser.TryGetValue(e.UserId, out var events))
            {
                byUser[e.UserId] = events = [];
            }

            events.Add(e);
        }

        var calls = new Task[byUser.Count];
        var i = 0;
        foreach (var (userId, events) in byUser)
        {
            calls[i++] = IngestAsync(userId, [.. events]);
        }

        return Task.WhenAll(calls);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        RecLog.PartitionStreamError(logger, ex, Partition);
        return Task.CompletedTask;
    }

    private async Task IngestAsync(string userId, UserEvent[] events)
    {
        var profile = GrainFactory.GetCachedGrain<IUserProfileGrain>(userId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await profile.ApplyEventsAsync(events);
                return;
            }
            catch (Exception e) when (attempt <= Backoff.Length)
            {
                RecLog.PartitionDeliveryRetry(logger, e, Partition, events.Length, userId, attempt);
                await Task.Delay(Backoff[attempt - 1], time);
            }
        }
    }
}
