using Orleans.Rec.Events;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>Where <c>POST /v1/events</c> sends accepted events: the Orleans stream, or the Kafka topic behind it.</summary>
public interface IEventPublisher
{
    Task PublishAsync(IReadOnlyList<UserEvent> events, CancellationToken cancellationToken);
}
