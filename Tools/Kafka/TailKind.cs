namespace Orleans.Rec.Tools.Kafka;

/// <summary>Which messages of the recommendations topic <c>rec tail</c> prints.</summary>
public enum TailKind
{
    /// <summary>Every message.</summary>
    All,

    /// <summary>Pushed lists (header <c>rec-kind: push</c>).</summary>
    Push,

    /// <summary>Impressions of lists served over REST (no <c>rec-kind</c> header).</summary>
    Impression,
}
