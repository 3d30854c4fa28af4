namespace Orleans.Rec;

/// <summary>Which stream provider carries user events (<c>Rec:Streaming</c>); silos and the gateway read the same keys.</summary>
public sealed class StreamingSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rec:Streaming";

    /// <summary>The in-process provider of the local profile (the default).</summary>
    public const string Memory = "Memory";

    /// <summary>The Kafka provider configured under <c>Rec:Kafka</c>.</summary>
    public const string Kafka = "Kafka";

    /// <summary><c>Memory</c> (default) or <c>Kafka</c>.</summary>
    public string Provider { get; set; } = Memory;

    /// <summary>Whether <see cref="Provider"/> selects Kafka (case-insensitive).</summary>
    public bool UsesKafka => string.Equals(Provider, Kafka, StringComparison.OrdinalIgnoreCase);
}
