namespace Orleans.Rec.Impressions;

/// <summary>
/// Where served lists go (a silo singleton). <see cref="TryPublish"/> never blocks the request path: when the
/// buffer is full the impression is dropped and counted.
/// </summary>
public interface IImpressionLog
{
    /// <summary>Impressions dropped because the buffer was full.</summary>
    long Dropped { get; }

    /// <summary>Queues <paramref name="impression"/>; false when it was dropped.</summary>
    bool TryPublish(Impression impression);
}
