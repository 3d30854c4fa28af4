namespace Orleans.Rec.Push;

/// <summary>Where pushed lists go (a silo singleton: one producer per silo, shared by every profile).</summary>
public interface IRecommendationPublisher
{
    /// <summary>False where there is nowhere to publish (no Kafka): push mode stays off on such a silo.</summary>
    bool CanPublish { get; }

    /// <summary>Publishes <paramref name="list"/> and waits for the broker's acknowledgement; false when it failed (reason logged).</summary>
    Task<bool> PublishAsync(PushedList list, CancellationToken cancellationToken);
}
