namespace Orleans.Rec.Impressions;

/// <summary>The impression log without Kafka: served lists are kept in the profile only.</summary>
public sealed class NullImpressionLog : IImpressionLog
{
    public long Dropped => 0;

    public bool TryPublish(Impression impression) => true;
}
