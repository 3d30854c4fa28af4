namespace Orleans.Rec.Push;

/// <summary>The publisher of a silo without Kafka: nothing can be pushed, so profiles never wait for a list.</summary>
public sealed class NullRecommendationPublisher : IRecommendationPublisher
{
    public bool CanPublish => false;

    public Task<bool> PublishAsync(PushedList list, CancellationToken cancellationToken) => Task.FromResult(false);
}
