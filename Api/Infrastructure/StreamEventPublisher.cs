using Orleans.Rec.Events;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>Publishes into the cluster's in-process event stream, one batch per user (the local profile).</summary>
internal sealed class StreamEventPublisher(IClusterClient client) : IEventPublisher
{
    public Task PublishAsync(IReadOnlyList<UserEvent> events, CancellationToken cancellationToken)
    {
        var provider = client.GetStreamProvider(RecNames.EventStreamProvider);
        return Task.WhenAll(events.GroupBy(e => e.UserId, StringComparer.Ordinal).Select(user =>
            provider.GetStream<UserEvent>(StreamId.Create(RecNames.UserEventsNamespace, user.Key)).OnNextBatchAsync(user.ToList())));
    }
}
